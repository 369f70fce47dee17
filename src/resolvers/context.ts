import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Viewer } from '../domain/access/viewer';
import { localeFromAcceptLanguage, type Locale } from '../domain/common/locale';
import { AuthService } from '../services/auth.service';
import { CustomerQueryService } from '../services/customer-query.service';
import { CustomerService } from '../services/customer.service';
import { CustomFieldService } from '../services/custom-field.service';
import { FollowUpService } from '../services/follow-up.service';
import { InquiryService } from '../services/inquiry.service';
import { OrderService } from '../services/order.service';
import { OrderQueryService } from '../services/order-query.service';
import { InquiryQueryService } from '../services/inquiry-query.service';
import { FollowUpQueryService } from '../services/follow-up-query.service';
import { PaymentQueryService } from '../services/payment-query.service';
import { ServiceCaseQueryService } from '../services/service-case-query.service';
import { OrgService } from '../services/org.service';
import { ProductService } from '../services/product.service';
import { ServiceCaseService } from '../services/service-case.service';
import { LifecycleOverrideService } from '../services/lifecycle-override.service';
import { MarketingService } from '../services/marketing.service';
import { ScoringSnapshotService } from '../services/scoring-snapshot.service';
import { ScoringService } from '../services/scoring.service';
import { ScoringSettingsService } from '../services/scoring-settings.service';
import { ProspectRankingService } from '../services/prospect-ranking.service';
import { SegmentService } from '../services/segment.service';
import { CustomerDistributionService } from '../services/customer-distribution.service';
import { LifecycleTransitionQueryService } from '../services/lifecycle-transition-query.service';
import type { ServiceContext } from '../services/service-context';
import type { ReadRoute } from '../services/read-routing';
import { createLoaders, type Loaders } from './loaders';
import { ReminderService } from '../services/reminder.service';
import { SalesReportService } from '../services/sales-report.service';
import { InquiryReportService } from '../services/inquiry-report.service';
import { ReminderSettingsService } from '../services/reminder-settings.service';
import { CrossSellService } from '../services/cross-sell.service';
import { ChangeHistoryQueryService } from '../services/change-history-query.service';
import { WebhookService } from '../services/webhook.service';
import { CustomerDuplicatesService } from '../services/customer-duplicates.service';
import { CustomerMergeService } from '../services/customer-merge.service';
import { CustomerAssignBatchService } from '../services/customer-assign-batch.service';

export interface GraphQLContext extends ServiceContext {
  requestId: string;
  locale: Locale;
  log: Logger;
  bearerToken?: string;
  /** The client's address (express `req.ip`, after `trust proxy`); absent in-process. */
  ip?: string;
  loaders: Loaders;
  services: ReturnType<typeof createServices>;
}

function createServices(ctx: ServiceContext) {
  const scoring = new ScoringService(ctx);
  const followUps = new FollowUpService(ctx);
  return {
    auth: new AuthService(ctx),
    org: new OrgService(ctx),
    customers: new CustomerService(ctx),
    customerQueries: new CustomerQueryService(ctx),
    customFields: new CustomFieldService(ctx),
    products: new ProductService(ctx),
    orders: new OrderService(ctx),
    orderQueries: new OrderQueryService(ctx),
    inquiryQueries: new InquiryQueryService(ctx),
    followUpQueries: new FollowUpQueryService(ctx),
    salesReports: new SalesReportService(ctx),
    inquiryReports: new InquiryReportService(ctx),
    paymentQueries: new PaymentQueryService(ctx),
    serviceCaseQueries: new ServiceCaseQueryService(ctx),
    followUps,
    inquiries: new InquiryService(ctx),
    serviceCases: new ServiceCaseService(ctx),
    scoring,
    scoringSettings: new ScoringSettingsService(ctx),
    scoringSnapshots: new ScoringSnapshotService(ctx),
    lifecycleOverrides: new LifecycleOverrideService(ctx),
    segments: new SegmentService(ctx, scoring),
    distributions: new CustomerDistributionService(ctx, scoring),
    lifecycleTransitions: new LifecycleTransitionQueryService(ctx, scoring),
    prospects: new ProspectRankingService(ctx, scoring),
    reminders: new ReminderService(ctx, scoring, followUps),
    reminderSettings: new ReminderSettingsService(ctx),
    marketing: new MarketingService(ctx, scoring),
    crossSell: new CrossSellService(ctx),
    changeHistory: new ChangeHistoryQueryService(ctx),
    webhooks: new WebhookService(ctx),
    customerDuplicates: new CustomerDuplicatesService(ctx),
    customerMerge: new CustomerMergeService(ctx),
    customerAssignBatch: new CustomerAssignBatchService(ctx, scoring),
  };
}

export interface ContextInput {
  em: EntityManager;
  viewer: Viewer | null;
  /** Where heavy reads go (a read replica), when DATABASE_READ_URL is set: src/services/read-routing.ts. */
  reads?: ReadRoute;
  config: Config;
  requestId: string;
  locale: Locale;
  log: Logger;
  bearerToken?: string;
  ip?: string;
  now?: () => Date;
}

/** One request, one unit of work: a forked entity manager, its loaders and services. */
export function buildContext(input: ContextInput): GraphQLContext {
  const base: ServiceContext = {
    em: input.em,
    viewer: input.viewer,
    config: input.config,
    now: input.now ?? (() => new Date()),
    requestId: input.requestId,
    reads: input.reads,
  };
  const services = createServices(base);
  return {
    ...base,
    requestId: input.requestId,
    locale: input.locale,
    log: input.log,
    bearerToken: input.bearerToken,
    ip: input.ip,
    loaders: createLoaders(input.em, base.now, services),
    services,
  };
}

/** The request's locale from its `Accept-Language` header (the one parse, `src/domain/common/locale.ts`). */
export const localeFrom = localeFromAcceptLanguage;
