import { Arg, Args, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { decideAccess } from '../domain/access/viewer';
import { RequestError, userError } from '../domain/common/domain-error';
import { say } from '../domain/common/bilingual';
import type { Locale } from '../domain/customer/customer.enums';
import type { ReminderKind, ReminderState } from '../domain/reminders/reminder.enums';
import { reminderReason } from '../domain/reminders/reminder-reason';
import { isReminderKind, type ReminderRules } from '../domain/reminders/reminder-settings';
import type { Customer } from '../entities';
import { fromOpaque, localIdFromText } from '../domain/common/global-id';
import { toGlobalId } from '../schema/global-id';
import { CustomerType } from '../schema/types/customer.type';
import { FollowUpCreateInput } from '../schema/types/follow-up.input';
import {
  CompanyHolidaysSetInput,
  ReminderCompleteInput,
  ReminderDismissInput,
  ReminderFilterInput,
  RemindersArgs,
  ReminderSettingsInput,
  ReminderSnoozeInput,
} from '../schema/types/reminder.input';
import {
  CompanyHolidaysPayload,
  CompanyHolidayType,
  ReminderConnection,
  ReminderFigureType,
  ReminderPayload,
  ReminderSettingsPayload,
  ReminderSettingsType,
  ReminderStateEnum,
  ReminderSubjectUnion,
  ReminderType,
  ReminderKindEnum,
} from '../schema/types/reminder.type';
import type { FollowUpCommand } from '../services/follow-up.service';
import type { Reminder, ReminderListCommand, ReminderRef } from '../services/reminder.service';
import { readReminderState, type ReminderSettingsState } from '../services/reminder-settings.service';
import { needs } from './access';
import type { GraphQLContext } from './context';
import { givenId, requiredLocalId } from './given-id';
import { checked } from './records.mapper';
import { keyMayRead, TYPE_ACCESS } from './type-access';
import { describeRule } from '../domain/reminders/reminder-describe';
import { LOCALE_ARG, localeOf } from './locale';

const READ = needs({ scope: 'reminders:read' });
const WRITE = needs({ scope: 'reminders:write' });
const ADMIN = needs({ roles: ['ADMIN'] });
const STAFF = needs({ roles: ['ADMIN', 'MANAGER', 'SALES'] });

const SUBJECT_TYPES = {
  ORDER: 'Order',
  PRODUCT: 'Product',
  FOLLOW_UP: 'FollowUp',
  INQUIRY: 'Inquiry',
  SERVICE_CASE: 'ServiceCase',
} as const;

/** Listing reminders evaluates every rule over the customers of the scope: priced like a segment's evaluation. */
const REMINDER_EVALUATION_COST = 500;

/** A reminder's global id: `Reminder:<customer id>:<kind>:<occurrence key>`, base64url like every id. */
export function reminderGlobalId(r: ReminderRef): string {
  return toGlobalId('Reminder', `${r.customerId}:${r.kind}:${r.key}`);
}

export function reminderRefOf(globalId: string): ReminderRef | null {
  const text = fromOpaque(globalId);
  const m = /^Reminder:([1-9]\d{0,9}):([A-Z_]+):([^\u0000]{1,200})$/s.exec(text);
  const customerId = m ? localIdFromText(m[1]) : null;
  if (!m || customerId == null || !isReminderKind(m[2])) return null;
  return { customerId, kind: m[2], key: m[3] };
}

export function reminderView(r: Reminder): ReminderType {
  return Object.assign(new ReminderType(), {
    id: reminderGlobalId(r),
    kind: r.kind,
    dueOn: r.dueOn,
    dueAt: r.dueAt,
    urgency: r.urgency,
    valueTier: r.tier,
    figures: Object.entries(r.figures).map(([key, value]): ReminderFigureType => ({ key, value: value == null ? null : String(value) })),
    state: r.state,
    snoozedUntil: r.snoozedUntil,
    stateReason: r.stateReason,
    actedAt: r.actedAt,
    source: r,
  });
}

const sourceOf = (view: ReminderType) => (view as ReminderType & { source: Reminder }).source;

function idOrBad(globalId: string | null | undefined, type: string, argument: string): number | null {
  return globalId == null ? null : requiredLocalId(globalId, type, argument);
}

function listCommand(filter: ReminderFilterInput | null | undefined): ReminderListCommand {
  return {
    kinds: filter?.kinds ?? null,
    states: filter?.states ?? null,
    tiers: filter?.valueTiers ?? null,
    dueFrom: filter?.dueFrom ?? null,
    dueTo: filter?.dueTo ?? null,
    ownerId: idOrBad(filter?.ownerId, 'User', 'filter.ownerId'),
    departmentId: idOrBad(filter?.departmentId, 'Department', 'filter.departmentId'),
    storeId: idOrBad(filter?.storeId, 'Store', 'filter.storeId'),
  };
}

/** A payload for an id that names no reminder: the same user error as one the viewer cannot see. */
const unknownReminder = () => ({
  reminder: null,
  userErrors: [
    userError(['input', 'id'], say('你可见的客户中没有这条到期提醒', 'no such reminder is due for a customer you can see'), 'NOT_FOUND'),
  ],
});

function payload(result: { reminder: Reminder | null; userErrors: ReminderPayload['userErrors'] }) {
  return { reminder: result.reminder && reminderView(result.reminder), userErrors: result.userErrors };
}

@Resolver(() => ReminderType)
export class ReminderResolver {
  @Authorized(...READ)
  @Query(() => ReminderConnection, {
    description:
      'Due reminders of your customers (DOMAIN M2): a salesperson’s own, a manager’s department subtree, the company for admins and API keys ' +
      '(reminders:read). Most urgent first: overdue, then by due time, VIP customers first among equals. Default: the OPEN ones.',
    complexity: REMINDER_EVALUATION_COST,
  })
  async reminders(@Args() args: RemindersArgs, @Ctx() ctx: GraphQLContext) {
    const page = await ctx.services.reminders.page(listCommand(args.filter), args);
    const nodes = page.nodes.map(reminderView);
    return {
      edges: page.edges.map((e, i) => ({ cursor: e.cursor, node: nodes[i] })),
      nodes,
      pageInfo: page.pageInfo,
      get totalCount() {
        return page.totalCount;
      },
    };
  }

  @FieldResolver(() => CustomerType)
  customer(@Root() view: ReminderType, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.customerOfRecord.load(sourceOf(view).customerId);
  }

  @FieldResolver(() => String, { description: 'Why it fired, with the figures, in Chinese or English.' })
  reason(@Root() view: ReminderType, @Ctx() ctx: GraphQLContext, @Arg('locale', () => String, LOCALE_ARG) locale?: string | null): string {
    const r = sourceOf(view);
    const lang: Locale = localeOf(ctx, locale);
    return reminderReason(r.kind, r.figures, { dueOn: r.dueOn, dueAt: r.deadline ? r.dueAt : null }, lang, ctx.config.companyTimeZone);
  }

  @FieldResolver(() => ReminderSubjectUnion, {
    nullable: true,
    description: 'The record it is about, where there is one (API keys: with that record’s read scope).',
  })
  subject(@Root() view: ReminderType, @Ctx() ctx: GraphQLContext) {
    const subject = sourceOf(view).subject;
    // A union is not guarded by the type rules: a key reads the subject only with its type's scope.
    if (!subject || !keyMayRead(ctx.viewer, TYPE_ACCESS[SUBJECT_TYPES[subject.type]])) return null;
    return ctx.loaders.reminderSubject(subject);
  }

  @Authorized(...WRITE)
  @Mutation(() => ReminderPayload, {
    description:
      'Marks a reminder done (DOMAIN M3); this occurrence never comes back. Optionally records the follow-up it asked for, in the same transaction.',
  })
  async reminderComplete(@Arg('input', () => ReminderCompleteInput) input: ReminderCompleteInput, @Ctx() ctx: GraphQLContext) {
    if (input.followUp && decideAccess(ctx.viewer, { scope: 'followups:write' }) !== 'ALLOWED') {
      throw new RequestError(
        'FORBIDDEN',
        say(
          '完成提醒时同时记录跟进，还需要 followups:write 权限范围。',
          'Recording a follow-up with the completion needs the followups:write scope too.',
        ),
      );
    }
    const ref = reminderRefOf(input.id);
    if (!ref) return unknownReminder();
    let followUp: FollowUpCommand | null = null;
    if (input.followUp) {
      const given = Object.assign(new FollowUpCreateInput(), {
        customerId: toGlobalId('Customer', ref.customerId),
        channel: input.followUp.channel,
        summary: input.followUp.summary,
        outcome: input.followUp.outcome ?? null,
        nextFollowUpOn: input.followUp.nextFollowUpOn ?? null,
      });
      followUp = { ...(await checked(given)), customerId: givenId(given.customerId, 'Customer'), salespersonId: null };
    }
    return payload(await ctx.services.reminders.complete(ref, followUp));
  }

  @Authorized(...WRITE)
  @Mutation(() => ReminderPayload, {
    description: 'Hides a reminder until a day (after today, within a year); it comes back as OPEN on that day.',
  })
  async reminderSnooze(@Arg('input', () => ReminderSnoozeInput) input: ReminderSnoozeInput, @Ctx() ctx: GraphQLContext) {
    const ref = reminderRefOf(input.id);
    if (!ref) return unknownReminder();
    return payload(await ctx.services.reminders.snooze(ref, input.until));
  }

  @Authorized(...WRITE)
  @Mutation(() => ReminderPayload, {
    description: 'Dismisses a reminder with an optional reason; this occurrence never comes back (the next one does).',
  })
  async reminderDismiss(@Arg('input', () => ReminderDismissInput) input: ReminderDismissInput, @Ctx() ctx: GraphQLContext) {
    const ref = reminderRefOf(input.id);
    if (!ref) return unknownReminder();
    return payload(await ctx.services.reminders.dismiss(ref, input.reason?.trim() || null));
  }
}

@Resolver(() => CustomerType)
export class CustomerRemindersResolver {
  // Keys: reminders:read (FIELD_ACCESS in type-access.ts) on top of the Reminder type's customers:read.
  @FieldResolver(() => [ReminderType], {
    description: 'The customer’s reminders, most urgent first (default: the OPEN ones). One statement for a whole page of customers.',
  })
  async reminders(
    @Root() customer: Customer,
    @Ctx() ctx: GraphQLContext,
    @Arg('kinds', () => [ReminderKindEnum], { nullable: true }) kinds?: ReminderKind[] | null,
    @Arg('states', () => [ReminderStateEnum], { nullable: true }) states?: ReminderState[] | null,
  ): Promise<ReminderType[]> {
    const list = await ctx.loaders.remindersOfCustomer({ kinds: kinds ?? null, states: states ?? null }).load(customer.id);
    return list.map(reminderView);
  }
}

function settingsView(state: ReminderSettingsState, locale: Locale): ReminderSettingsType {
  const rules = state.settings.rules;
  return {
    version: state.version,
    updatedAt: state.updatedAt,
    rules: (Object.keys(rules) as Array<keyof ReminderRules>).map((kind) => {
      const rule = rules[kind] as unknown as Record<string, unknown>;
      const num = (key: string) => (typeof rule[key] === 'number' ? rule[key] : null);
      return {
        kind,
        enabled: rule.enabled as boolean,
        description: describeRule(kind, state.settings, locale),
        days: num('days'),
        aheadDays: num('aheadDays'),
        warningDays: num('warningDays'),
        minDays: num('minDays'),
        multiplier: num('multiplierPercent') == null ? null : num('multiplierPercent')! / 100,
        everyMonths: num('everyMonths'),
        tiers: (rule.tiers as ReminderSettingsType['rules'][number]['tiers']) ?? null,
        reviewChannels: (rule.reviewChannels as ReminderSettingsType['rules'][number]['reviewChannels']) ?? null,
      };
    }),
    marketingCap: { ...state.settings.marketingCap },
  };
}

@Resolver(() => ReminderSettingsType)
export class ReminderSettingsResolver {
  @Authorized(...ADMIN)
  @Query(() => ReminderSettingsType, { description: 'The reminder rules and the marketing cap in force (admins).' })
  async reminderSettings(
    @Ctx() ctx: GraphQLContext,
    @Arg('locale', () => String, LOCALE_ARG) locale?: string | null,
  ): Promise<ReminderSettingsType> {
    return settingsView(await readReminderState(ctx.em), localeOf(ctx, locale));
  }

  @Authorized(...ADMIN)
  @Mutation(() => ReminderSettingsPayload, {
    description: 'Changes reminder rules and the marketing cap (admins), validated as a whole; lists follow on the next query.',
  })
  async reminderSettingsUpdate(
    @Arg('input', () => ReminderSettingsInput, { validate: false }) input: ReminderSettingsInput,
    @Ctx() ctx: GraphQLContext,
  ) {
    const result = await ctx.services.reminderSettings.update(input);
    return {
      reminderSettings: result.reminderSettings && settingsView(result.reminderSettings, ctx.locale),
      userErrors: result.userErrors,
    };
  }

  @Authorized(...STAFF)
  @Query(() => [CompanyHolidayType], { description: 'The company holidays of a year (HOLIDAY greetings), staff only.' })
  async companyHolidays(@Arg('year', () => Int) year: number, @Ctx() ctx: GraphQLContext): Promise<CompanyHolidayType[]> {
    if (year < 1970 || year > 2200)
      throw new RequestError('BAD_USER_INPUT', say('year 必须在 1970 到 2200 之间', 'year must be from 1970 to 2200'));
    return ctx.services.reminderSettings.holidays(year);
  }

  @Authorized(...ADMIN)
  @Mutation(() => CompanyHolidaysPayload, {
    description: 'Replaces the holidays of a year (admins). Lunar holidays move: give each year its own days.',
  })
  async companyHolidaysSet(@Arg('input', () => CompanyHolidaysSetInput) input: CompanyHolidaysSetInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.reminderSettings.setHolidays(input.year, input.holidays);
  }
}

export const REMINDER_RESOLVERS = [ReminderResolver, CustomerRemindersResolver, ReminderSettingsResolver] as const;
