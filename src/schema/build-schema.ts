import 'reflect-metadata';
import { isInterfaceType, isObjectType, isUnionType, lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchemaSync, getMetadataStorage } from 'type-graphql';
import { authChecker } from '../resolvers/access';
import { guardPartnerReads } from '../resolvers/type-access';
import { AuthResolver } from '../resolvers/auth.resolver';
import { CustomFieldResolver, VocabularyResolver } from '../resolvers/custom-field.resolver';
import { CustomerAssignmentResolver, CustomerResolver } from '../resolvers/customer.resolver';
import { FOLLOW_UP_RESOLVERS } from '../resolvers/follow-up.resolver';
import { INQUIRY_RESOLVERS } from '../resolvers/inquiry.resolver';
import { LIFECYCLE_RESOLVERS } from '../resolvers/lifecycle.resolver';
import { MARKETING_RESOLVERS } from '../resolvers/marketing.resolver';
import { NodeResolver } from '../resolvers/node.resolver';
import { UserErrorResolver } from '../resolvers/user-error.resolver';
import { ORDER_RESOLVERS } from '../resolvers/order.resolver';
import { PRODUCT_RESOLVERS } from '../resolvers/product.resolver';
import { SCORING_RESOLVERS } from '../resolvers/scoring.resolver';
import { SEGMENT_RESOLVERS } from '../resolvers/segment.resolver';
import { REMINDER_RESOLVERS } from '../resolvers/reminder.resolver';
import { CROSS_SELL_RESOLVERS } from '../resolvers/cross-sell.resolver';
import { OrderListResolver } from '../resolvers/order-list.resolver';
import { InquiryListResolver } from '../resolvers/inquiry-list.resolver';
import { FollowUpListResolver } from '../resolvers/follow-up-list.resolver';
import { CustomerDistributionResolver } from '../resolvers/customer-distribution.resolver';
import { SalesReportKeyResolver, SalesReportResolver } from '../resolvers/sales-report.resolver';
import { InquiryReportKeyResolver, InquiryReportResolver } from '../resolvers/inquiry-report.resolver';
import { PaymentListResolver } from '../resolvers/payment-list.resolver';
import { ServiceCaseListResolver } from '../resolvers/service-case-list.resolver';
import { SERVICE_CASE_RESOLVERS } from '../resolvers/service-case.resolver';
import { DepartmentResolver, StoreResolver, UserResolver } from '../resolvers/org.resolver';
import { DateTimeScalar } from './scalars/date-time.scalar';
import { Node } from './types/common.type';
import { setPlainFields } from './plain-fields';
import { AuditEventResolver, CustomerChangeHistoryResolver } from '../resolvers/audit.resolver';
import { WEBHOOK_RESOLVERS } from '../resolvers/webhook.resolver';
import { CUSTOMER_DUPLICATE_RESOLVERS } from '../resolvers/customer-duplicates.resolver';
import { CustomerAssignBatchResolver } from '../resolvers/customer-assign-batch.resolver';
import { CustomerMergeResolver } from '../resolvers/customer-merge.resolver';
import { nodeTypeOf } from './node-type';

let built: GraphQLSchema | undefined;

/**
 * Plain fields get no resolver of type-graphql's (a wrapper per field and value that only
 * reads the property: no field of an object type has a middleware or an `@Authorized`), so
 * graphql-js reads them directly. A field resolver keeps its own.
 */
function plainPropertyFields(): void {
  for (const type of getMetadataStorage().objectTypes) type.simpleResolvers ??= true;
}

/** Records, before any guard wraps a field, which fields are read off the parent object (`plainFieldsOf`). */
function recordPlainFields(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const plain = Object.values(type.getFields()).filter((f) => f.resolve === undefined);
    setPlainFields(
      type.name,
      plain.map((f) => f.name),
    );
  }
  return schema;
}

/**
 * The abstract types whose members are entities (the Node interface, the ReminderSubject
 * union) resolve their type synchronously: type-graphql wraps `resolveType` in an async
 * function, which graphql-js awaits but graphql-jit (GRAPHQL_JIT) does not.
 */
function syncEntityTypeResolution(schema: GraphQLSchema): GraphQLSchema {
  for (const name of ['Node', 'ReminderSubject']) {
    const type = schema.getType(name);
    if (!isInterfaceType(type) && !isUnionType(type)) throw new Error(`${name} is not an abstract type of the schema`);
    type.resolveType = (value) => nodeTypeOf(value as object);
  }
  return schema;
}

/** The one schema: used by the server, the SDL emitter and the tests. */
export function buildSchema(): GraphQLSchema {
  if (built) return built;
  plainPropertyFields();
  built = guardPartnerReads(
    syncEntityTypeResolution(
      recordPlainFields(
        buildSchemaSync({
          resolvers: [
            NodeResolver,
            UserErrorResolver,
            AuthResolver,
            DepartmentResolver,
            StoreResolver,
            UserResolver,
            CustomerResolver,
            CustomerAssignmentResolver,
            CustomFieldResolver,
            VocabularyResolver,
            ...PRODUCT_RESOLVERS,
            ...ORDER_RESOLVERS,
            ...FOLLOW_UP_RESOLVERS,
            ...INQUIRY_RESOLVERS,
            ...SERVICE_CASE_RESOLVERS,
            ...SCORING_RESOLVERS,
            ...LIFECYCLE_RESOLVERS,
            ...SEGMENT_RESOLVERS,
            ...REMINDER_RESOLVERS,
            OrderListResolver,
            InquiryListResolver,
            FollowUpListResolver,
            CustomerDistributionResolver,
            SalesReportResolver,
            SalesReportKeyResolver,
            InquiryReportResolver,
            InquiryReportKeyResolver,
            PaymentListResolver,
            ServiceCaseListResolver,
            ...MARKETING_RESOLVERS,
            ...CROSS_SELL_RESOLVERS,
            AuditEventResolver,
            CustomerChangeHistoryResolver,
            ...WEBHOOK_RESOLVERS,
            ...CUSTOMER_DUPLICATE_RESOLVERS,
            CustomerMergeResolver,
            CustomerAssignBatchResolver,
          ],
          orphanedTypes: [Node],
          authChecker,
          authMode: 'error',
          validate: { forbidUnknownValues: false, validationError: { target: false, value: false } },
          scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
          emitSchemaFile: false,
        }),
      ),
    ),
  );
  return built;
}

/** The SDL as committed in src/schema/schema.graphql: sorted, so diffs stay readable. */
export function printSortedSchema(schema: GraphQLSchema = buildSchema()): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
