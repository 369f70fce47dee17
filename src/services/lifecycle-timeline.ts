import type { EntityManager } from '@mikro-orm/postgresql';
import type { LifecycleTimeline } from '../domain/lifecycle/lifecycle-history';
import { QUALIFYING_OUTCOMES } from '../domain/records/records.enums';

interface TimelineRow {
  id: number;
  created_on: string;
  orders: Array<{ id: number; on: string }>;
  ratings: Array<{ on: string; satisfaction: number }>;
  inquiries: Array<{ id: number; receivedOn: string; closedOn: string | null }>;
  follow_ups: string[];
  overrides: Array<{
    id: number;
    stage: LifecycleTimeline['overrides'][number]['stage'];
    reason: string;
    setOn: string;
    setAt: string;
    byUserId: number | null;
    clearedOn: string | null;
    clearReason: string | null;
  }>;
}

/**
 * The lifecycle timelines of the given customers (DOMAIN L4) in one statement, whatever
 * their number: every day is the company-local day (`timeZone`) of the record's instant.
 * Completed orders by the day they were ordered; ratings by the day the case was resolved
 * (its last update when that is missing); inquiries open until the day they were closed
 * (the last update for a closed one without a close time); qualifying follow-ups; overrides.
 * Absent ids are missing from the map.
 */
export async function loadTimelines(em: EntityManager, ids: readonly number[], timeZone: string): Promise<Map<number, LifecycleTimeline>> {
  const result = new Map<number, LifecycleTimeline>();
  if (ids.length === 0) return result;
  const rows: TimelineRow[] = await em.execute(
    `with p as (select ?::text as tz)
     select c.id, (c.created_at at time zone p.tz)::date::text as created_on,
       coalesce((select json_agg(json_build_object('id', o.id, 'on', (o.ordered_at at time zone p.tz)::date) order by o.ordered_at, o.id)
                   from sales_order o where o.customer_id = c.id and o.status = 'COMPLETED'), '[]') as orders,
       coalesce((select json_agg(json_build_object('on', (coalesce(s.resolved_at, s.updated_at) at time zone p.tz)::date,
                                                   'satisfaction', s.satisfaction) order by coalesce(s.resolved_at, s.updated_at), s.id)
                   from service_case s where s.customer_id = c.id and s.satisfaction is not null), '[]') as ratings,
       coalesce((select json_agg(json_build_object(
                          'id', i.id,
                          'receivedOn', (i.received_at at time zone p.tz)::date,
                          'closedOn', case when i.status in ('NEW', 'QUOTED', 'NEGOTIATING') then null
                                           else (coalesce(i.closed_at, i.updated_at) at time zone p.tz)::date end) order by i.received_at, i.id)
                   from inquiry i where i.customer_id = c.id), '[]') as inquiries,
       coalesce((select json_agg(d.day order by d.day)
                   from (select distinct (f.occurred_at at time zone p.tz)::date as day
                           from follow_up f where f.customer_id = c.id and f.outcome in (?)) d), '[]') as follow_ups,
       coalesce((select json_agg(json_build_object(
                          'id', l.id, 'stage', l.stage, 'reason', l.reason,
                          'setOn', (l.set_at at time zone p.tz)::date, 'setAt', l.set_at, 'byUserId', l.set_by_id,
                          'clearedOn', (l.cleared_at at time zone p.tz)::date, 'clearReason', l.clear_reason) order by l.set_at, l.id)
                   from lifecycle_override l where l.customer_id = c.id), '[]') as overrides
       from customer c cross join p
      where c.id in (?)`,
    [timeZone, [...QUALIFYING_OUTCOMES], [...ids]],
  );
  for (const row of rows) {
    result.set(row.id, {
      customerId: row.id,
      createdOn: row.created_on,
      orders: row.orders,
      ratings: row.ratings,
      inquiries: row.inquiries,
      qualifyingFollowUps: row.follow_ups,
      overrides: row.overrides.map((o) => ({ ...o, setAt: new Date(o.setAt) })),
    });
  }
  return result;
}
