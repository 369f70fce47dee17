import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { StoredRule, Suggestion } from '../../domain/cross-sell/suggestions';
import { ASSOCIATION_TRIGGERS, type AssociationTrigger } from '../../entities/product-association.entity';
import { CalendarDateScalar } from '../scalars/calendar-date.scalar';
import { ConnectionType } from './connection.type';
import { PayloadType } from './payload.type';

export const AssociationTriggerEnum = Object.fromEntries(ASSOCIATION_TRIGGERS.map((t) => [t, t])) as { [K in AssociationTrigger]: K };
registerEnumType(AssociationTriggerEnum, {
  name: 'ProductAssociationTrigger',
  description: 'SCHEDULE: the nightly job; ON_DEMAND: an admin (or the demo seeding).',
});

const FIGURES = {
  support: 'Customers who bought both / customers with a completed order (0–1).',
  confidence: 'Of the customers who bought the first product, the share who also bought this one (0–1).',
  lift: 'Confidence / the share of all customers who bought this product: how many times the usual rate (above 1 = bought together more than chance).',
};

@ObjectType('ProductAssociation', {
  description:
    'An association rule X → Y over completed orders (DOMAIN A4): customers who bought X (the product this list is of) also bought `product`, with the counts behind it. ' +
    'Baskets are customers, not orders. Recomputed nightly and by `productAssociationsRefresh`.',
})
export class ProductAssociationType {
  @Field(() => Int, { description: 'Customers who bought both products.' })
  customers!: number;

  @Field(() => Int, { description: 'Customers who bought the product this list is of (X).' })
  antecedentCustomers!: number;

  @Field(() => Int, { description: 'Customers who bought `product` (Y).' })
  productCustomers!: number;

  @Field(() => Int, { description: 'Customers with a completed order when the rules were computed.' })
  population!: number;

  @Field(() => Float, { description: FIGURES.support })
  support!: number;

  @Field(() => Float, { description: FIGURES.confidence })
  confidence!: number;

  @Field(() => Float, { description: FIGURES.lift })
  lift!: number;

  /** The stored rule (not a field). */
  rule!: StoredRule;
}

@ObjectType('ProductSuggestion', {
  description:
    'A product to offer a customer (DOMAIN A4): a consequent of the rules of the products it bought, not one it has in use (a durable it bought, a consumable not yet due). ' +
    'Explained by its strongest rule (`basedOn` → `product`).',
})
export class ProductSuggestionType {
  @Field(() => Float, { description: 'The confidence of the explaining rule (0–1); due consumables come first whatever their score.' })
  score!: number;

  @Field(() => Int, { description: 'Customers who bought both `basedOn` and `product`.' })
  customers!: number;

  @Field(() => Int, { description: 'Customers who bought `basedOn`.' })
  antecedentCustomers!: number;

  @Field(() => Float, { description: FIGURES.support })
  support!: number;

  @Field(() => Float, { description: FIGURES.confidence })
  confidence!: number;

  @Field(() => Float, { description: FIGURES.lift })
  lift!: number;

  @Field(() => CalendarDateScalar, {
    nullable: true,
    description:
      'A consumable the customer bought: the day it is due for repurchase (last purchase + quantity × usage cycle − the PRODUCT_USED_UP warning days). Null otherwise.',
  })
  repurchaseDueOn!: string | null;

  @Field(() => CalendarDateScalar, { nullable: true, description: 'A consumable the customer bought: the day it is probably used up.' })
  usedUpOn!: string | null;

  /** The ranked suggestion (not a field). */
  suggestion!: Suggestion;
}

@ObjectType('ProductAssociationRun', { description: 'One computation of the association rules (admins).' })
export class ProductAssociationRunType {
  @Field(() => ID)
  id!: string;

  @Field(() => AssociationTriggerEnum)
  trigger!: AssociationTrigger;

  @Field(() => Date)
  startedAt!: Date;

  @Field(() => Date)
  finishedAt!: Date;

  @Field(() => Int)
  durationMs!: number;

  @Field(() => Float, { description: 'The minimum support the rules were kept with.' })
  minSupport!: number;

  @Field(() => Int, { description: 'Customers with a completed order (the baskets).' })
  population!: number;

  @Field(() => Int, { description: 'Distinct products in those baskets.' })
  productCount!: number;

  @Field(() => Int, { description: 'Rules stored (each pair both ways: X → Y and Y → X).' })
  ruleCount!: number;
}

@InputType()
export class ProductAssociationsRefreshInput {
  @Field(() => Float, {
    nullable: true,
    description:
      'Keep the pairs bought by at least this share of the customers with a completed order (0–1, at most 8 decimals); default CROSS_SELL_MIN_SUPPORT (0.005).',
  })
  minSupport?: number | null;
}

@ObjectType()
export class ProductAssociationConnection extends ConnectionType(ProductAssociationType, 'ProductAssociation') {}

@ObjectType()
export class ProductSuggestionConnection extends ConnectionType(ProductSuggestionType, 'ProductSuggestion') {}

@ObjectType()
export class ProductAssociationsRefreshPayload extends PayloadType(ProductAssociationRunType, 'run') {}

export function associationView(rule: StoredRule): ProductAssociationType {
  return Object.assign(new ProductAssociationType(), {
    customers: rule.bothCustomers,
    antecedentCustomers: rule.antecedentCustomers,
    productCustomers: rule.consequentCustomers,
    population: rule.population,
    support: rule.support,
    confidence: rule.confidence,
    lift: rule.lift,
    rule,
  });
}

export function suggestionView(s: Suggestion): ProductSuggestionType {
  return Object.assign(new ProductSuggestionType(), {
    score: s.score,
    customers: s.rule.bothCustomers,
    antecedentCustomers: s.rule.antecedentCustomers,
    support: s.rule.support,
    confidence: s.rule.confidence,
    lift: s.rule.lift,
    repurchaseDueOn: s.repurchase?.dueOn ?? null,
    usedUpOn: s.repurchase?.usedUpOn ?? null,
    suggestion: s,
  });
}
