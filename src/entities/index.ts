import { ApiKey } from './api-key.entity';
import { AuthToken } from './auth-token.entity';
import { CustomFieldDefinition } from './custom-field-definition.entity';
import { CustomerAssignment } from './customer-assignment.entity';
import { Customer } from './customer.entity';
import { Department } from './department.entity';
import { CustomerStats } from './customer-stats.entity';
import { FollowUp, FollowUpStep } from './follow-up.entity';
import { Inquiry } from './inquiry.entity';
import { LifecycleOverride } from './lifecycle-override.entity';
import { MarketingTouch, MarketingTouchBatch } from './marketing-touch.entity';
import { IdempotencyRecord, Order, OrderLine, Payment } from './order.entity';
import { Product, ProductCategory } from './product.entity';
import { ProductAssociation, ProductAssociationRun } from './product-association.entity';
import { ScoringSnapshotRun } from './scoring-snapshot-run.entity';
import { Segment } from './segment.entity';
import { ServiceCase } from './service-case.entity';
import { Store } from './store.entity';
import { User } from './user.entity';
import { ValueTierSnapshot } from './value-tier-snapshot.entity';

export {
  ApiKey,
  AuthToken,
  CustomFieldDefinition,
  CustomerAssignment,
  Customer,
  CustomerStats,
  Department,
  FollowUp,
  FollowUpStep,
  IdempotencyRecord,
  Inquiry,
  LifecycleOverride,
  MarketingTouch,
  MarketingTouchBatch,
  Order,
  OrderLine,
  Payment,
  Product,
  ProductCategory,
  ProductAssociation,
  ProductAssociationRun,
  ScoringSnapshotRun,
  Segment,
  ServiceCase,
  Store,
  User,
  ValueTierSnapshot,
};

/** Every entity class, for the ORM configuration. */
export const ENTITIES = [
  Department,
  Store,
  User,
  AuthToken,
  ApiKey,
  Customer,
  CustomerAssignment,
  CustomFieldDefinition,
  ProductCategory,
  Product,
  Order,
  OrderLine,
  Payment,
  IdempotencyRecord,
  FollowUpStep,
  FollowUp,
  Inquiry,
  ServiceCase,
  CustomerStats,
  LifecycleOverride,
  ScoringSnapshotRun,
  ValueTierSnapshot,
  Segment,
  MarketingTouchBatch,
  MarketingTouch,
  ProductAssociationRun,
  ProductAssociation,
];
