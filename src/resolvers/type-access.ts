import {
  defaultFieldResolver,
  getNamedType,
  isNonNullType,
  type GraphQLError,
  isObjectType,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { decideAccess, type Requirement, type Viewer } from '../domain/access/viewer';
import { say } from '../domain/common/bilingual';
import { bilingualError } from '../server/request-locale';
import type { GraphQLContext } from './context';

const CUSTOMERS: Requirement = { scope: 'customers:read' };
const ORG: Requirement = { scope: 'org:read' };
const PRODUCTS: Requirement = { scope: 'products:read' };
const ORDERS: Requirement = { scope: 'orders:read' };
const FOLLOW_UPS: Requirement = { scope: 'followups:read' };
const INQUIRIES: Requirement = { scope: 'inquiries:read' };
const SERVICE: Requirement = { scope: 'service:read' };
const SEGMENTS: Requirement = { scope: 'segments:read' };
const REPORTS: Requirement = { scope: 'reports:read' };
const ADMIN_ONLY: Requirement = { roles: ['ADMIN'] };
/** Admins, and keys with webhooks:write (their own subscriptions: the loaders filter). */
const WEBHOOKS: Requirement = { roles: ['ADMIN'], scope: 'webhooks:write' };
/**
 * A value inside another object (an address, a score, a rule of the settings): it has no
 * rule of its own and is read wherever its owner is, the link to the owner being guarded.
 */
const PART_OF: Requirement = {};
/** The result of a mutation: the mutation is authorised; the objects inside are guarded by their own type. */
const PAYLOAD: Requirement = {};
/** Open to every viewer (`vocabularies`). */
const ANY: Requirement = {};

/**
 * What a partner API key needs to read an object of each GraphQL type, whatever the path to
 * it: a root query, a link from another object, a member of a segment, a mutation payload.
 * Connections and edges take the rule of their nodes (`requirementOfType`). A type missing
 * here is read by staff only (and fails test/integration/partner-scopes.test.ts), so a new
 * type cannot be exposed to keys by forgetting it. Staff are not concerned: their data scope
 * is applied when the objects are loaded, and their roles on the operations.
 */
export const TYPE_ACCESS: Readonly<Record<string, Requirement>> = {
  // Customers (customers:read) and the values inside a customer.
  Customer: CUSTOMERS,
  CustomFieldDefinition: CUSTOMERS,
  TierMigration: CUSTOMERS,
  ChannelConsent: PART_OF,
  ContactPreference: PART_OF,
  CustomFieldValue: PART_OF,
  CustomerAssignment: PART_OF,
  // customerAssignBatch's result (staff only); its customers and owner are guarded by their own types.
  CustomerAssignmentBatch: PART_OF,
  ValueTierMixLine: PART_OF,
  LifecycleStageMixLine: PART_OF,
  CustomerLifecycle: PART_OF,
  CustomerRfm: PART_OF,
  CustomerTrend: PART_OF,
  CustomerValue: PART_OF,
  ImportantDate: PART_OF,
  LifecycleOverride: PART_OF,
  LifecyclePlaybook: PART_OF,
  LifecycleTransition: PART_OF,
  PostalAddress: PART_OF,
  ScoreExplanation: PART_OF,
  ScoreFigure: PART_OF,
  Supplier: PART_OF,
  TrendMonth: PART_OF,
  ValueIndicators: PART_OF,
  ValueTierChange: PART_OF,
  // Organisation (org:read): staff, departments, stores.
  User: ORG,
  Department: ORG,
  Store: ORG,
  // Products.
  Product: PRODUCTS,
  ProductCategory: PRODUCTS,
  // Orders and payments; a customer's order figures are order data.
  Order: ORDERS,
  OrderLine: PART_OF,
  Payment: ORDERS,
  CustomerStats: ORDERS,
  // Follow-ups and the standard process.
  FollowUp: FOLLOW_UPS,
  FollowUpStep: FOLLOW_UPS,
  FollowUpProgress: FOLLOW_UPS,
  FollowUpStepProgress: PART_OF,
  Inquiry: INQUIRIES,
  ServiceCase: SERVICE,
  // Segments: their definitions and counts. Their members and the prospect ranking are
  // customers, read with customers:read on top of segments:read.
  Segment: SEGMENTS,
  SegmentPreview: SEGMENTS,
  RankedProspect: CUSTOMERS,
  ProspectScoreComponent: PART_OF,
  // Reports (issue 14): aggregates of the viewer's scope. A distribution narrowed by a filter or a
  // segment also needs customers:read (checked on the arguments, as a segment count needs it).
  CustomerDistribution: REPORTS,
  DistributionBucket: PART_OF,
  LifecycleTransitionReport: REPORTS,
  LifecycleTransitionCount: PART_OF,
  TransitionGroup: PART_OF,
  // Marketing (DOMAIN M4): a customer's eligibility is read with the customer (customers:read);
  // a skipped customer's `customer` link is guarded by the Customer rule.
  MarketingEligibility: PART_OF,
  MarketingTouchSkip: PART_OF,
  // Reminders (DOMAIN M1–M3): listing needs reminders:read (the operations' rule) and a reminder
  // is customer data (its figures and due day spell out birthdays, tiers, purchases), so reading
  // one needs customers:read; its subject is read under its own type's rule.
  Reminder: CUSTOMERS,
  ReminderFigure: PART_OF,
  // Cross-sell (DOMAIN A4): a rule is company-wide figures about products (counts of customers,
  // no customer's data): products:read. A suggestion is derived from one customer's completed
  // orders (its reason names what the customer bought, and when a consumable runs out), so it is
  // read like the customer's orders: orders:read, on top of the Customer's customers:read and the
  // field's products:read (FIELD_ACCESS).
  ProductAssociation: PRODUCTS,
  ProductSuggestion: ORDERS,
  // Administration: never for a key.
  ReminderSettings: ADMIN_ONLY,
  ReminderRule: PART_OF,
  MarketingCap: PART_OF,
  // Reports (DOMAIN A1–A4): aggregate figures, read with reports:read; a row's keys name the
  // salespeople, departments, stores and products it is about, but link to none of them.
  SalesReport: REPORTS,
  SalesReportRow: PART_OF,
  SalesReportKey: PART_OF,
  SalesTotals: PART_OF,
  SalesComparisonFigures: PART_OF,
  SalesGrowth: PART_OF,
  ReportPeriod: PART_OF,
  InquiryReport: REPORTS,
  InquiryReportRow: PART_OF,
  InquiryReportKey: PART_OF,
  InquiryLostReason: PART_OF,
  InquiryDrillDown: PART_OF,
  DayRange: PART_OF,
  CompanyHoliday: ADMIN_ONLY,
  ApiKey: ADMIN_ONLY,
  RateLimit: PART_OF,
  CustomerDuplicateGroup: CUSTOMERS,
  DuplicateCandidate: CUSTOMERS,
  CustomerDuplicateCheck: CUSTOMERS,
  AuditEvent: ADMIN_ONLY,
  AuditFieldChange: PART_OF,
  WebhookSubscription: WEBHOOKS,
  WebhookDelivery: WEBHOOKS,
  WebhookSubscriptionSecretPayload: PAYLOAD,
  WebhookSubscriptionDeletePayload: PAYLOAD,
  WebhookDeliveryRetryPayload: PAYLOAD,
  ScoringSettings: ADMIN_ONLY,
  ScoringSnapshotRun: ADMIN_ONLY,
  ProductAssociationRun: ADMIN_ONLY,
  AbcRulesType: PART_OF,
  DepthRulesType: PART_OF,
  LifecycleRulesType: PART_OF,
  LoyaltyRulesType: PART_OF,
  LoyaltyWeightsType: PART_OF,
  MemberLevelRuleType: PART_OF,
  MembershipRulesType: PART_OF,
  PotentialRulesType: PART_OF,
  PotentialWeightsType: PART_OF,
  RfmGroupRuleType: PART_OF,
  RfmRulesType: PART_OF,
  SizePointsType: PART_OF,
  StagePointsType: PART_OF,
  TierSharesType: PART_OF,
  TrendRulesType: PART_OF,
  ValueRulesType: PART_OF,
  ValueWeightsType: PART_OF,
  // Shapes shared by every area.
  Money: PART_OF,
  PageInfo: PART_OF,
  UserError: PART_OF,
  Vocabulary: ANY,
  VocabularyValue: ANY,
  // Payloads.
  ApiKeyCreatePayload: PAYLOAD,
  ApiKeyRevokePayload: PAYLOAD,
  CustomFieldDefinitionPayload: PAYLOAD,
  CustomerPayload: PAYLOAD,
  CustomerAssignBatchPayload: PAYLOAD,
  DepartmentPayload: PAYLOAD,
  FollowUpPayload: PAYLOAD,
  ReminderPayload: PAYLOAD,
  ReminderSettingsPayload: PAYLOAD,
  CompanyHolidaysPayload: PAYLOAD,
  FollowUpStepPayload: PAYLOAD,
  InquiryConvertToOrderPayload: PAYLOAD,
  InquiryPayload: PAYLOAD,
  LoginPayload: PAYLOAD,
  LogoutPayload: PAYLOAD,
  MarketingTouchesRecordPayload: PAYLOAD,
  OrderPayload: PAYLOAD,
  PaymentPayload: PAYLOAD,
  ProductCategoryPayload: PAYLOAD,
  ProductPayload: PAYLOAD,
  ProductAssociationsRefreshPayload: PAYLOAD,
  ScoringSettingsPayload: PAYLOAD,
  ScoringSnapshotTakePayload: PAYLOAD,
  SegmentDeletePayload: PAYLOAD,
  SegmentPayload: PAYLOAD,
  ServiceCasePayload: PAYLOAD,
  StorePayload: PAYLOAD,
  UserPayload: PAYLOAD,
};

/** The object type a connection (`nodes`) or an edge (`node`) carries, or null. */
function carriedType(type: GraphQLObjectType): GraphQLObjectType | null {
  const field = type.name.endsWith('Connection') ? type.getFields().nodes : type.name.endsWith('Edge') ? type.getFields().node : undefined;
  const carried = field && getNamedType(field.type);
  return carried && isObjectType(carried) ? carried : null;
}

/**
 * Fields that read another area than their type's: a key needs this on top of the type's rule.
 * Evaluating a filter reads customers: a count of `name CONTAINS "…"` or `birthday = …`,
 * narrowed by halves, spells out any customer's data, so a count, like the members, needs
 * customers:read.
 */
export const FIELD_ACCESS: Readonly<Record<string, Requirement>> = {
  'Segment.count': CUSTOMERS,
  'SegmentPreview.count': CUSTOMERS,
  // A customer's reminders are read with reminders:read, like the reminders list.
  'Customer.reminders': { scope: 'reminders:read' },
  // A customer's suggestions are products to offer: products:read too (the ProductSuggestion type needs orders:read).
  'Customer.productSuggestions': PRODUCTS,
};

/** The rule of a type: its own, or its nodes' for a connection or an edge; undefined when there is none. */
export function requirementOfType(type: GraphQLObjectType): Requirement | undefined {
  if (Object.hasOwn(TYPE_ACCESS, type.name)) return TYPE_ACCESS[type.name];
  const carried = carriedType(type);
  return carried ? requirementOfType(carried) : undefined;
}

/** Staff and anonymous requests (`login`) are not concerned; a key must meet the type's rule. */
export function keyMayRead(viewer: Viewer | null, requirement: Requirement): boolean {
  return viewer?.kind !== 'partner' || decideAccess(viewer, requirement) === 'ALLOWED';
}

const UNCLASSIFIED: Requirement = { roles: ['ADMIN', 'MANAGER', 'SALES'] };

function forbidden(typeName: string, requirement: Requirement): GraphQLError {
  const message = requirement.scope
    ? say(
        `API 密钥需要 ${requirement.scope} 权限范围才能读取 ${typeName}。`,
        `An API key needs the ${requirement.scope} scope to read ${typeName}.`,
      )
    : say(`${typeName} 不能用 API 密钥读取。`, `${typeName} is not readable with an API key.`);
  return bilingualError(message, { extensions: { code: 'FORBIDDEN' } });
}

function isRestricted(requirement: Requirement): boolean {
  return requirement.scope !== undefined || requirement.roles !== undefined;
}

/**
 * Every field that yields objects of a restricted type checks the key before it resolves.
 * Without the scope a nullable field reads as null (a link: `order.customer`,
 * `customer.department`, a payload's object), like a missing object, as `mayFollow` did; a
 * non-null one (a list, a connection: `segment.members`, `customer.orders`) is a FORBIDDEN
 * error, as a field with `@Authorized` is. Root fields are authorised by `@Authorized`; they are
 * checked against their result type too (a list before it runs, an object on its result), so a new query that forgets it still returns nothing.
 */
function guardField(parent: GraphQLObjectType, field: GraphQLField<unknown, unknown>, target: GraphQLObjectType, isRoot: boolean): void {
  const requirement = requirementOfType(target) ?? UNCLASSIFIED;
  if (!isRestricted(requirement)) return;
  if (isRoot && !isNonNullType(field.type)) {
    // A single object (`viewer` is null for a key): checked on its result.
    const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
    field.resolve = async (source, args, ctx, info) => {
      const result = await resolve(source, args, ctx, info);
      if (result == null || keyMayRead((ctx as GraphQLContext).viewer, requirement)) return result;
      throw forbidden(target.name, requirement);
    };
  } else {
    // A link, or a root list or connection: checked before it runs, so a key that may not
    // read the result does not make the server do the work (the prospect ranking with
    // segments:read alone).
    refuseBefore(field, target.name, requirement);
  }
  guardedFields.add(`${parent.name}.${field.name}`);
}

const guardedFields = new Set<string>();

/** `Type.field` of every guarded field, for the scope test. */
export function guardedFieldNames(): ReadonlySet<string> {
  return guardedFields;
}

/** Refuses the field to a key without `requirement` before it resolves: null when nullable, else FORBIDDEN naming `what`. */
function refuseBefore(field: GraphQLField<unknown, unknown>, what: string, requirement: Requirement): void {
  const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
  const nullable = !isNonNullType(field.type);
  field.resolve = (source, args, ctx, info) => {
    if (keyMayRead((ctx as GraphQLContext).viewer, requirement)) return resolve(source, args, ctx, info);
    if (nullable) return null;
    throw forbidden(what, requirement);
  };
}

/** Installs the type rules on the built schema; called once by buildSchema(). */
export function guardPartnerReads(schema: GraphQLSchema): GraphQLSchema {
  const roots = new Set(
    [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter(Boolean).map((t) => t!.name),
  );
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const target = getNamedType(field.type);
      if (isObjectType(target)) guardField(type, field, target, roots.has(type.name));
      const own = FIELD_ACCESS[`${type.name}.${field.name}`];
      if (own) refuseBefore(field, `${type.name}.${field.name}`, own);
    }
  }
  for (const name of Object.keys(FIELD_ACCESS)) {
    const [typeName, fieldName] = name.split('.');
    const type = schema.getType(typeName);
    if (!isObjectType(type) || !type.getFields()[fieldName]) throw new Error(`FIELD_ACCESS names ${name}, which the schema lacks`);
  }
  return schema;
}
