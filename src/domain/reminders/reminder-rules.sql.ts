import type { ScoringPopulation } from '../scoring/customer-facts';
import { type ScoringSqlInput } from '../scoring/customer-facts.sql';
import { localDaySql, raw, sql, type SqlFragment } from '../common/sql';
import { trendFlagsRelationSql } from '../segments/segment-trend.sql';
import type { ReminderKind } from './reminder.enums';
import type { ReminderSettings } from './reminder-settings';

/**
 * The SQL compiler of `reminder-rules.ts`: each rule a branch over the target customers
 * (`tg`), mirroring `evaluateReminders` rule for rule; a property test checks that both list
 * the same occurrences. `reminder-list.sql.ts` puts the branches together with the tiers and
 * the state salespeople gave the occurrences.
 */
export interface ReminderSqlInput {
  scoring: ScoringSqlInput;
  population: ScoringPopulation;
  settings: ReminderSettings;
  now: Date;
}

const OPEN_INQUIRY = raw(`('NEW', 'QUOTED', 'NEGOTIATING')`);

/** The day of a yearly date in the year `year` (an int expression); 29 February on 28 February in common years. */
function yearlySql(date: SqlFragment, year: SqlFragment): SqlFragment {
  const leap = sql`((${year}) % 4 = 0 and (${year}) % 100 <> 0 or (${year}) % 400 = 0)`;
  return sql`(case when extract(month from ${date}) = 2 and extract(day from ${date}) = 29 and not ${leap}
      then make_date(${year}, 2, 28) else make_date(${year}, extract(month from ${date})::int, extract(day from ${date})::int) end)`;
}

/** The yearly date's next day on or after today. */
function nextYearlySql(date: SqlFragment, today: string): SqlFragment {
  const year = sql`extract(year from ${today}::date)::int`;
  const thisYear = yearlySql(date, year);
  return sql`(case when ${thisYear} >= ${today}::date then ${thisYear} else ${yearlySql(date, sql`(${year} + 1)`)} end)`;
}

export interface ReminderBranch {
  kind: ReminderKind;
  /** A select producing customer_id, occurrence_key, due_on, deadline, subject_type, subject_id, figures. */
  select: SqlFragment;
}

/**
 * One branch per enabled rule (among `kinds` when given), each a select over the target
 * customers `tg` producing customer_id, occurrence_key, due_on, deadline, subject_type,
 * subject_id and figures. `everyone`: the target is every active customer (set-wise forms).
 */
export function reminderBranchesSql(input: ReminderSqlInput, kinds: ReadonlySet<ReminderKind> | null, everyone: boolean): ReminderBranch[] {
  const r = input.settings.rules;
  const { today, timeZone: tz } = input.scoring;
  const t = sql`${today}::date`;
  const day = (column: string) => localDaySql(column, tz);
  const on = (kind: ReminderKind) => r[kind].enabled && (kinds == null || kinds.has(kind));
  const out: ReminderBranch[] = [];
  const cols = (
    key: SqlFragment,
    dueOn: SqlFragment,
    subjectType: string | null,
    subjectId: SqlFragment,
    figures: SqlFragment,
    deadline = raw('null::timestamptz'),
  ) =>
    sql`tg.customer_id, ${key} as occurrence_key, (${dueOn})::date as due_on, ${deadline} as deadline,
        ${subjectType == null ? raw('null::text') : sql`${subjectType}::text`} as subject_type, ${subjectId} as subject_id, ${figures} as figures`;

  // The last completed purchase of each product per customer. Over every customer, one
  // grouped pass over all completed orders; over a scope (a salesperson's, a department's),
  // per customer through its orders' index, which stays tens of milliseconds where a pass
  // over the orders would cost seconds (and where a million laterals would cost a minute).
  const lastPurchases = (productCondition: string) => {
    const grouped = (customerCondition: SqlFragment) => sql`
            select o.customer_id, l.product_id, o.id as order_id, ${day('o.ordered_at')} as ordered_on, sum(l.quantity) as quantity
              from sales_order o join order_line l on l.order_id = o.id
              join product pf on pf.id = l.product_id and ${raw(productCondition)}
             where o.status = 'COMPLETED' and ${customerCondition}
             group by o.customer_id, l.product_id, o.id`;
    return everyone
      ? sql`select distinct on (x.customer_id, x.product_id) x.*
              from (${grouped(raw('true'))}) x
             order by x.customer_id, x.product_id, x.ordered_on desc, x.order_id desc`
      : sql`select x.* from tg cross join lateral (
              select distinct on (y.product_id) y.*
                from (${grouped(raw('o.customer_id = tg.customer_id'))}) y
               order by y.product_id, y.ordered_on desc, y.order_id desc) x`;
  };
  if (on('PRODUCT_USED_UP')) {
    const usedUp = sql`(p.ordered_on + floor(p.quantity * pr.usage_cycle_days)::int)`;
    out.push({
      kind: 'PRODUCT_USED_UP',
      select: sql`select ${cols(
        sql`p.product_id || ':' || p.order_id`,
        sql`${usedUp} - ${r.PRODUCT_USED_UP.warningDays}::int`,
        'ORDER',
        raw('p.order_id'),
        sql`jsonb_build_object('product', pr.name, 'orderedOn', p.ordered_on, 'quantity', p.quantity::text, 'usageCycleDays', pr.usage_cycle_days, 'usedUpOn', ${usedUp})`,
      )}
        from (${lastPurchases('pf.usage_cycle_days is not null')}) p
        join tg on tg.customer_id = p.customer_id
        join product pr on pr.id = p.product_id
       where ${usedUp} - ${r.PRODUCT_USED_UP.warningDays}::int <= ${t}`,
    });
  }
  if (on('MAINTENANCE_DUE')) {
    const since = raw(`(case when m.last_maintenance_on > p.ordered_on then m.last_maintenance_on else p.ordered_on end)`);
    const dueDay = sql`(${since} + pr.maintenance_interval_days)`;
    out.push({
      kind: 'MAINTENANCE_DUE',
      select: sql`select ${cols(
        sql`p.product_id || ':' || to_char(${since}, 'YYYY-MM-DD')`,
        sql`${dueDay} - ${r.MAINTENANCE_DUE.warningDays}::int`,
        'PRODUCT',
        raw('p.product_id'),
        sql`jsonb_build_object('product', pr.name, 'since', ${since}, 'sinceMaintenance', coalesce(m.last_maintenance_on > p.ordered_on, false),
              'maintenanceIntervalDays', pr.maintenance_interval_days, 'maintenanceOn', ${dueDay})`,
      )}
        from (${lastPurchases('pf.maintenance_interval_days is not null')}) p
        join tg on tg.customer_id = p.customer_id
        join product pr on pr.id = p.product_id
        left join lateral (
          select max(${day('sm.resolved_at')}) as last_maintenance_on from service_case sm
           where sm.customer_id = p.customer_id and sm.product_id = p.product_id and sm.type = 'MAINTENANCE' and sm.resolved_at is not null) m on true
       where ${dueDay} - ${r.MAINTENANCE_DUE.warningDays}::int <= ${t}`,
    });
  }
  if (on('NO_FOLLOW_UP')) {
    const due = sql`tg.last_follow_up_on + ${r.NO_FOLLOW_UP.days}::int`;
    out.push({
      kind: 'NO_FOLLOW_UP',
      select: sql`select ${cols(raw(`'since:' || to_char(tg.last_follow_up_on, 'YYYY-MM-DD')`), due, null, raw('null::int'), sql`jsonb_build_object('lastFollowUpOn', tg.last_follow_up_on, 'days', ${r.NO_FOLLOW_UP.days}::int)`)}
        from tg where tg.owner_id is not null and tg.last_follow_up_on is not null and ${due} <= ${t}`,
    });
  }
  if (on('NEVER_FOLLOWED_UP')) {
    const due = sql`tg.created_on + ${r.NEVER_FOLLOWED_UP.days}::int`;
    out.push({
      kind: 'NEVER_FOLLOWED_UP',
      select: sql`select ${cols(raw(`'never'`), due, null, raw('null::int'), sql`jsonb_build_object('createdOn', tg.created_on, 'days', ${r.NEVER_FOLLOWED_UP.days}::int)`)}
        from tg where tg.owner_id is not null and tg.last_follow_up_on is null and ${due} <= ${t}`,
    });
  }
  if (on('NO_REPURCHASE')) {
    const rule = r.NO_REPURCHASE;
    const days = sql`(case when tg.median_interval_days is null then ${rule.minDays}::int
        else greatest(${rule.minDays}::int, ceil(${rule.multiplierPercent}::int * tg.median_interval_days / 100)::int) end)`;
    out.push({
      kind: 'NO_REPURCHASE',
      select: sql`select ${cols(
        raw(`'since:' || to_char(tg.last_order_on, 'YYYY-MM-DD')`),
        sql`tg.last_order_on + ${days}`,
        null,
        raw('null::int'),
        sql`jsonb_build_object('lastOrderOn', tg.last_order_on, 'medianIntervalDays', tg.median_interval_days, 'days', ${days})`,
      )}
        from tg where tg.last_order_on is not null and tg.last_order_on + ${days} <= ${t}`,
    });
  }
  if (on('NEVER_PURCHASED')) {
    const due = sql`tg.created_on + ${r.NEVER_PURCHASED.days}::int`;
    out.push({
      kind: 'NEVER_PURCHASED',
      select: sql`select ${cols(raw(`'never'`), due, null, raw('null::int'), sql`jsonb_build_object('createdOn', tg.created_on, 'days', ${r.NEVER_PURCHASED.days}::int)`)}
        from tg where tg.order_count = 0 and ${due} <= ${t}`,
    });
  }
  if (on('NEXT_FOLLOW_UP_DUE')) {
    out.push({
      kind: 'NEXT_FOLLOW_UP_DUE',
      select: sql`select ${cols(sql`'follow-up:' || n.id`, raw('n.next_follow_up_on'), 'FOLLOW_UP', raw('n.id'), raw(`jsonb_build_object('plannedOn', n.next_follow_up_on)`))}
        from tg cross join lateral (
          select f.id, f.next_follow_up_on from follow_up f where f.customer_id = tg.customer_id order by f.occurred_at desc, f.id desc limit 1) n
       where n.next_follow_up_on - ${r.NEXT_FOLLOW_UP_DUE.aheadDays}::int <= ${t}`,
    });
  }
  if (on('BIRTHDAY')) {
    const next = nextYearlySql(raw('tg.birthday'), today);
    out.push({
      kind: 'BIRTHDAY',
      select: sql`select ${cols(
        raw(`extract(year from b.on_day)::int::text`),
        raw('b.on_day'),
        null,
        raw('null::int'),
        raw(
          `jsonb_build_object('date', tg.birthday, 'on', b.on_day, 'age', extract(year from b.on_day)::int - extract(year from tg.birthday)::int)`,
        ),
      )}
        from tg cross join lateral (select ${next} as on_day) b
       where tg.birthday is not null and b.on_day - ${r.BIRTHDAY.aheadDays}::int <= ${t}`,
    });
  }
  if (on('ANNIVERSARY')) {
    const next = nextYearlySql(raw('d.date'), today);
    out.push({
      kind: 'ANNIVERSARY',
      select: sql`select ${cols(
        raw(`d.kind || ':' || to_char(d.date, 'YYYY-MM-DD') || ':' || extract(year from a.on_day)::int`),
        raw('a.on_day'),
        null,
        raw('null::int'),
        raw(
          `jsonb_build_object('dateKind', d.kind, 'label', d.label, 'date', d.date, 'on', a.on_day, 'years', extract(year from a.on_day)::int - extract(year from d.date)::int)`,
        ),
      )}
        from tg cross join lateral (
          select e->>'kind' as kind, e->>'label' as label, (e->>'date')::date as date
            from jsonb_array_elements(tg.important_dates) e where e->>'kind' <> 'BIRTHDAY') d
        cross join lateral (select ${next} as on_day) a
       where a.on_day - ${r.ANNIVERSARY.aheadDays}::int <= ${t}`,
    });
  }
  if (on('HOLIDAY') && r.HOLIDAY.tiers.length > 0) {
    out.push({
      kind: 'HOLIDAY',
      select: sql`select ${cols(
        raw(`to_char(h.day, 'YYYY-MM-DD')`),
        raw('h.day'),
        null,
        raw('null::int'),
        raw(`jsonb_build_object('holidayZh', h.name_zh, 'holidayEn', h.name_en, 'on', h.day, 'tier', tg.tier)`),
      )}
        from tg join company_holiday h on h.day between ${t} and ${t} + ${r.HOLIDAY.aheadDays}::int
       where tg.tier = any(${`{${r.HOLIDAY.tiers.join(',')}}`}::text[])`,
    });
  }
  if (on('RENEWAL_DUE')) {
    const ahead = r.RENEWAL_DUE.aheadDays;
    out.push({
      kind: 'RENEWAL_DUE',
      select: sql`select ${cols(
        raw(`s.id || ':' || to_char(s.coverage_ends_on, 'YYYY-MM-DD')`),
        raw('s.coverage_ends_on'),
        'SERVICE_CASE',
        raw('s.id'),
        raw(`jsonb_build_object('caseType', s.type, 'endsOn', s.coverage_ends_on)`),
      )}
        from tg join service_case s on s.customer_id = tg.customer_id and s.status <> 'CANCELLED'
       where s.coverage_ends_on between ${t} - ${ahead}::int and ${t} + ${ahead}::int`,
    });
  }
  if (on('INQUIRY_RESPONSE_OVERDUE')) {
    out.push({
      kind: 'INQUIRY_RESPONSE_OVERDUE',
      select: sql`select ${cols(raw('i.id::text'), day('i.response_due_at'), 'INQUIRY', raw('i.id'), raw(`'{}'::jsonb`), raw('i.response_due_at'))}
        from tg join inquiry i on i.customer_id = tg.customer_id
       where i.status in ${OPEN_INQUIRY} and i.first_responded_at is null and i.response_due_at < ${input.now}::timestamptz`,
    });
  }
  // Over every customer the months' orders are read whole (a semi-join with a million ids costs more).
  if (on('PURCHASE_TREND_FALLING')) {
    const month = today.slice(0, 7);
    out.push({
      kind: 'PURCHASE_TREND_FALLING',
      select: sql`select ${cols(
        sql`${month}::text`,
        sql`${`${month}-01`}::date`,
        null,
        raw('null::int'),
        raw(
          `jsonb_build_object('decliningVolume', tf.declining_volume, 'shrinkingVariety', tf.shrinking_variety, 'priorProducts', tf.prior_products, 'recentProducts', tf.recent_products)`,
        ),
      )}
        from tg join (${trendFlagsRelationSql(input.scoring, everyone ? undefined : raw('o.customer_id in (select customer_id from tg)'))}) tf on tf.customer_id = tg.customer_id
       where tf.declining_volume or tf.shrinking_variety`,
    });
  }
  const review = r.VIP_REVIEW_DUE;
  if (on('VIP_REVIEW_DUE') && review.tiers.length > 0) {
    const channels = review.reviewChannels.length ? sql`f.channel = any(${`{${review.reviewChannels.join(',')}}`}::text[])` : raw('false');
    const due = sql`(v.since + make_interval(months => ${review.everyMonths}::int))::date`;
    out.push({
      kind: 'VIP_REVIEW_DUE',
      select: sql`select ${cols(
        raw(`'since:' || to_char(v.since, 'YYYY-MM-DD')`),
        due,
        null,
        raw('null::int'),
        sql`jsonb_build_object('since', v.since, 'reviewed', v.last_review_on is not null, 'everyMonths', ${review.everyMonths}::int, 'tier', tg.tier)`,
      )}
        from tg cross join lateral (
          select r.last_review_on, coalesce(r.last_review_on, tg.first_order_on, tg.created_on) as since
            from (select max(${day('f.occurred_at')}) as last_review_on from follow_up f where f.customer_id = tg.customer_id and ${channels}) r) v
       where tg.tier = any(${`{${review.tiers.join(',')}}`}::text[]) and ${due} - ${review.aheadDays}::int <= ${t}`,
    });
  }
  return out;
}
