import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Locale } from '../domain/customer/customer.enums';
import { playbookFor } from '../domain/lifecycle/playbooks';
import type { ScoreFigure } from '../domain/scoring/customer-facts';
import type { AbcClass, LifecycleStage, MemberLevel, RelationshipDepth } from '../domain/scoring/scoring.enums';
import type { CurrencyCode } from '../domain/records/records.enums';
import type { ScoringState } from '../services/scoring-settings.service';
import { ScoringSettingsInput } from '../schema/types/scoring-settings.input';
import { ScoringSettingsPayload, ScoringSettingsType } from '../schema/types/scoring-settings.type';
import {
  explainAbc,
  explainDepth,
  explainMemberLevel,
  explainRfm,
  explainStage,
  explainTrend,
  explainValue,
} from '../domain/scoring/explanations';
import { tierPolicy } from '../domain/scoring/tier-policies';
import type { Customer } from '../entities';
import type { ScoredCustomer } from '../services/scoring.service';
import { CustomerType } from '../schema/types/customer.type';
import { money } from '../schema/types/money.type';
import {
  CustomerLifecycleType,
  CustomerRfmType,
  CustomerTrendType,
  CustomerValueType,
  LifecycleOverrideType,
  LifecyclePlaybookType,
  ScoreExplanationType,
  ScoreFigureType,
} from '../schema/types/scoring.type';
import { AbcClassEnum, MemberLevelEnum, RelationshipDepthEnum } from '../schema/types/scoring.enums';
import { CalendarDateScalar } from '../schema/scalars/calendar-date.scalar';
import { UserType } from '../schema/types/org.type';
import { needs } from './access';
import { staffUser } from './customer.resolver';
import type { GraphQLContext } from './context';
import { LOCALE_ARG, localeOf } from './locale';

function figures(list: ScoreFigure[]): ScoreFigureType[] {
  return list.map((f) => ({ key: f.key, value: f.value == null ? null : String(f.value) }));
}

/** A customer's scores; every customer the viewer can see has them. */
async function scored(ctx: GraphQLContext, customer: Customer): Promise<ScoredCustomer> {
  const result = await ctx.loaders.scoredCustomer.load(customer.id);
  if (!result) throw new Error(`no figures for customer ${customer.id}`);
  return result;
}

/**
 * Lifecycle and scoring fields of a customer (DOMAIN L1, L3, S1–S8), computed when asked:
 * a page of customers costs one statement for their figures, one for their trends, and the
 * company-wide cut-points come from a cache kept until the data or the settings change.
 */
@Resolver(() => CustomerType)
export class CustomerScoringResolver {
  @FieldResolver(() => CustomerLifecycleType)
  async lifecycle(
    @Root() customer: Customer,
    @Ctx() ctx: GraphQLContext,
    @Arg('locale', () => String, LOCALE_ARG) locale?: string | null,
  ): Promise<CustomerLifecycleType> {
    const { facts, scores } = await scored(ctx, customer);
    const lang = localeOf(ctx, locale);
    const l = scores.lifecycle;
    return Object.assign(new CustomerLifecycleType(), {
      customerId: customer.id,
      stage: l.stage,
      derivedStage: l.derivedStage,
      reason: explainStage(l, lang),
      override: facts.override,
      figures: figures(l.figures),
      locale: lang,
    });
  }

  @FieldResolver(() => CustomerRfmType)
  async rfm(
    @Root() customer: Customer,
    @Ctx() ctx: GraphQLContext,
    @Arg('locale', () => String, LOCALE_ARG) locale?: string | null,
  ): Promise<CustomerRfmType> {
    const { rfm } = (await scored(ctx, customer)).scores;
    return {
      recencyDays: rfm.recencyDays,
      frequency: rfm.frequency,
      monetary: money(rfm.monetary, ctx.config.companyCurrency),
      r: rfm.r,
      f: rfm.f,
      m: rfm.m,
      group: rfm.group,
      explanation: explainRfm(rfm, localeOf(ctx, locale)),
      figures: figures(rfm.figures),
    };
  }

  @FieldResolver(() => CustomerValueType)
  async value(
    @Root() customer: Customer,
    @Ctx() ctx: GraphQLContext,
    @Arg('locale', () => String, LOCALE_ARG) locale?: string | null,
  ): Promise<CustomerValueType> {
    const { value } = (await scored(ctx, customer)).scores;
    const lang = localeOf(ctx, locale);
    return {
      score: value.score,
      tier: value.tier,
      indicators: value.indicators,
      policy: tierPolicy(value.tier, lang),
      explanation: explainValue(value, lang),
      figures: figures(value.figures),
    };
  }

  @FieldResolver(() => AbcClassEnum, {
    description: 'ABC class by cumulative gross profit in the window (DOMAIN S3); see `scoreExplanations`.',
  })
  async abcClass(@Root() customer: Customer, @Ctx() ctx: GraphQLContext): Promise<AbcClass> {
    return (await scored(ctx, customer)).scores.abc.abcClass;
  }

  @FieldResolver(() => MemberLevelEnum, { description: 'Membership level by spend in the window (DOMAIN S4); see `scoreExplanations`.' })
  async memberLevel(@Root() customer: Customer, @Ctx() ctx: GraphQLContext): Promise<MemberLevel> {
    return (await scored(ctx, customer)).scores.member.level;
  }

  @FieldResolver(() => RelationshipDepthEnum, { description: 'Relationship depth, the 5-3-2 law (DOMAIN S7); see `scoreExplanations`.' })
  async relationshipDepth(@Root() customer: Customer, @Ctx() ctx: GraphQLContext): Promise<RelationshipDepth> {
    return (await scored(ctx, customer)).scores.depth.depth;
  }

  @FieldResolver(() => CustomerTrendType)
  async trend(
    @Root() customer: Customer,
    @Ctx() ctx: GraphQLContext,
    @Arg('locale', () => String, LOCALE_ARG) locale?: string | null,
  ): Promise<CustomerTrendType> {
    const trend = await ctx.loaders.customerTrend.load(customer.id);
    return {
      direction: trend.direction,
      months: trend.months.map((m) => ({
        month: m.month,
        amount: money(m.amount, ctx.config.companyCurrency),
        quantity: m.quantity,
        distinctProducts: m.distinctProducts,
      })),
      flags: trend.flags,
      explanation: explainTrend(trend, localeOf(ctx, locale)),
      figures: figures(trend.figures),
    };
  }

  @FieldResolver(() => [ScoreExplanationType], {
    description: 'Every computed field with its result and the figures that produced it (DOMAIN S8).',
  })
  async scoreExplanations(
    @Root() customer: Customer,
    @Ctx() ctx: GraphQLContext,
    @Arg('locale', () => String, LOCALE_ARG) locale?: string | null,
  ): Promise<ScoreExplanationType[]> {
    const { scores } = await scored(ctx, customer);
    const lang = localeOf(ctx, locale);
    return [
      {
        field: 'lifecycle',
        result: scores.lifecycle.stage,
        explanation: explainStage(scores.lifecycle, lang),
        figures: figures(scores.lifecycle.figures),
      },
      {
        field: 'rfm',
        result: `${scores.rfm.r}${scores.rfm.f}${scores.rfm.m}`,
        explanation: explainRfm(scores.rfm, lang),
        figures: figures(scores.rfm.figures),
      },
      { field: 'value', result: scores.value.tier, explanation: explainValue(scores.value, lang), figures: figures(scores.value.figures) },
      { field: 'abcClass', result: scores.abc.abcClass, explanation: explainAbc(scores.abc, lang), figures: figures(scores.abc.figures) },
      {
        field: 'memberLevel',
        result: scores.member.level,
        explanation: explainMemberLevel(scores.member, lang),
        figures: figures(scores.member.figures),
      },
      {
        field: 'relationshipDepth',
        result: scores.depth.depth,
        explanation: explainDepth(scores.depth, lang),
        figures: figures(scores.depth.figures),
      },
    ];
  }
}

@Resolver(() => CustomerLifecycleType)
export class CustomerLifecycleResolver {
  @FieldResolver(() => CalendarDateScalar, {
    nullable: true,
    description: 'The company day the stage in force began, from the replayed history (`lifecycleHistory`).',
  })
  async since(@Root() lifecycle: CustomerLifecycleType, @Ctx() ctx: GraphQLContext): Promise<string | null> {
    const history = await ctx.loaders.lifecycleHistory.load(lifecycle.customerId);
    return history.length ? history[history.length - 1].on : null;
  }

  @FieldResolver(() => LifecyclePlaybookType, {
    description: 'The playbook of the stage in force, in the language of `lifecycle(locale:)`.',
  })
  playbook(@Root() lifecycle: CustomerLifecycleType & { locale: Locale }): LifecyclePlaybookType {
    return playbookFor(lifecycle.stage, lifecycle.locale);
  }
}

@Resolver()
export class ScoringSettingsResolver {
  @Authorized(...needs({ roles: ['ADMIN'] }))
  @Query(() => ScoringSettingsType, { description: 'The scoring rules of the company, every default documented (admins).' })
  async scoringSettings(@Ctx() ctx: GraphQLContext): Promise<ScoringSettingsType> {
    return toSettingsType(await ctx.services.scoring.current(), ctx.config.companyCurrency);
  }

  @Authorized(...needs({ roles: ['ADMIN'] }))
  @Mutation(() => ScoringSettingsPayload, {
    description:
      'Changes the scoring rules for the whole company (admins); every computed field follows on the next query, with no recompute step.',
  })
  async scoringSettingsUpdate(
    @Arg('input', () => ScoringSettingsInput, { validate: false }) input: ScoringSettingsInput,
    @Ctx() ctx: GraphQLContext,
  ) {
    const result = await ctx.services.scoringSettings.update(input);
    return {
      scoringSettings: result.scoringSettings && toSettingsType(result.scoringSettings, ctx.config.companyCurrency),
      userErrors: result.userErrors,
    };
  }
}

@Resolver(() => LifecycleOverrideType)
export class LifecycleOverrideResolver {
  @FieldResolver(() => UserType, { nullable: true, description: 'Who set it (null for an API key, or for a key without org:read).' })
  by(@Root() override: LifecycleOverrideType, @Ctx() ctx: GraphQLContext) {
    return staffUser(ctx, override.byUserId ?? undefined);
  }
}

export const SCORING_RESOLVERS = [
  CustomerScoringResolver,
  CustomerLifecycleResolver,
  LifecycleOverrideResolver,
  ScoringSettingsResolver,
] as const;

const fraction = (percent: number) => percent / 100;

/** The stored rules as the API shows them: fractions for weights and shares, Money for amounts. */
function toSettingsType(state: ScoringState, currency: CurrencyCode): ScoringSettingsType {
  const s = state.settings;
  const v = s.value;
  return {
    version: state.settingsVersion,
    updatedAt: state.updatedAt,
    windowDays: s.windowDays,
    lifecycle: { ...s.lifecycle },
    rfm: {
      groups: s.rfm.groups.map((g) => ({
        group: g.group,
        rMin: g.r?.[0] ?? null,
        rMax: g.r?.[1] ?? null,
        fMin: g.f?.[0] ?? null,
        fMax: g.f?.[1] ?? null,
        mMin: g.m?.[0] ?? null,
        mMax: g.m?.[1] ?? null,
      })),
    },
    value: {
      weights: {
        profit: fraction(v.weights.profit),
        potential: fraction(v.weights.potential),
        lifecycle: fraction(v.weights.lifecycle),
        loyalty: fraction(v.weights.loyalty),
      },
      tierShares: { vip: fraction(v.tierShares.vip), major: fraction(v.tierShares.major), ordinary: fraction(v.tierShares.ordinary) },
      lifecyclePoints: Object.entries(v.lifecyclePoints).map(([stage, points]) => ({ stage: stage as LifecycleStage, points })),
      potential: {
        weights: {
          inquiries: fraction(v.potential.weights.inquiries),
          size: fraction(v.potential.weights.size),
          growth: fraction(v.potential.weights.growth),
        },
        inquiryAmountForFull: money(v.potential.inquiryAmountForFull, currency),
        inquiryFloor: v.potential.inquiryFloor,
        sizePoints: Object.entries(v.potential.sizePoints).map(([size, points]) => ({ size, points })),
        growthWindowDays: v.potential.growthWindowDays,
      },
      loyalty: {
        weights: {
          tenure: fraction(v.loyalty.weights.tenure),
          repeat: fraction(v.loyalty.weights.repeat),
          satisfaction: fraction(v.loyalty.weights.satisfaction),
        },
        tenureFullDays: v.loyalty.tenureFullDays,
        repeatFullOrders: v.loyalty.repeatFullOrders,
        satisfactionNeutral: v.loyalty.satisfactionNeutral,
      },
    },
    abc: { aShare: fraction(s.abc.aShare), bShare: fraction(s.abc.bShare) },
    membership: { levels: s.membership.levels.map((l) => ({ level: l.level, minSpend: money(l.minSpend, currency) })) },
    depth: { ...s.depth },
    trend: {
      months: s.trend.months,
      volumeMeasure: s.trend.volumeMeasure,
      varietyDropShare: fraction(s.trend.varietyDropPercent),
      varietyDropMin: s.trend.varietyDropMin,
      flatShare: fraction(s.trend.flatPercent),
    },
  };
}
