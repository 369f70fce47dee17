import type { EntityManager } from '@mikro-orm/postgresql';

export interface MarketingSummary {
  marketingBatches: number;
  marketingTouches: number;
}

/**
 * The demo company's marketing messages (DOMAIN M4): a few SMS campaigns of the last months,
 * each sent at 10:00 company time to a slice of the customers chosen by id (`id % 30`), so a
 * customer's touches do not depend on how many customers were seeded. As the API would have
 * recorded them: only customers who consented to SMS and are not archived are touched; the
 * others are the batch's `skipped`.
 *
 * Right after seeding, counted against the default cap (2 promotional touches in 30 days):
 * `id % 30` 0 and 1 are at the cap (a promotion 20 days ago, a new product 8 days ago: possible
 * again 10 days after the seeding day), 2 and 3 have one touch left, the others none counted
 * (a greeting, a service message and a promotion 45 days ago are not). The demo data ages: a
 * month later nobody is at the cap any more (`npm run seed` starts again).
 */
const CAMPAIGNS: ReadonlyArray<{ daysAgo: number; purpose: string; note: string; slice: number[] }> = [
  { daysAgo: 45, purpose: 'PROMOTION', note: '季末清仓促销短信', slice: [0, 7] },
  { daysAgo: 85, purpose: 'GREETING', note: '节日问候短信', slice: [0, 4] },
  { daysAgo: 20, purpose: 'PROMOTION', note: '会员日促销短信', slice: [0, 1, 2] },
  { daysAgo: 8, purpose: 'NEW_PRODUCT', note: '新品上市短信：智能净水器', slice: [0, 1, 3] },
  { daysAgo: 3, purpose: 'SERVICE', note: '滤芯更换提醒', slice: [6] },
];

export async function seedDemoMarketing(em: EntityManager, now: Date, timeZone: string): Promise<MarketingSummary> {
  const [admin] = await em.execute(`select id from app_user where email = 'admin@example.com'`);
  let touches = 0;
  for (const campaign of CAMPAIGNS) {
    // 10:00 company time, `daysAgo` company days before the seeding day.
    const [{ at }] = await em.execute(
      `select ((date_trunc('day', ?::timestamptz at time zone ?) - make_interval(days => ?) + interval '10 hours') at time zone ?) as at`,
      [now, timeZone, campaign.daysAgo, timeZone],
    );
    const targets = `from customer c where c.id % 30 = any(?::int[])`;
    const eligible = `c.archived_at is null and c.consents @> '[{"channel": "SMS", "granted": true}]'::jsonb`;
    const [batch] = await em.execute(
      `insert into marketing_touch_batch (channel, purpose, note, recorded_count, skipped, recorded_by_user_id, created_at)
       select 'SMS', ?, ?, count(*) filter (where ${eligible}),
              coalesce(jsonb_agg(jsonb_build_object('customerId', c.id, 'reason', case when c.archived_at is not null then 'ARCHIVED' else 'NO_CONSENT' end,
                                                    'nextPossibleOn', null) order by c.id) filter (where not (${eligible})), '[]'::jsonb),
              ?, ?
         ${targets}
       returning id, recorded_count`,
      [campaign.purpose, campaign.note, admin?.id ?? null, at, `{${campaign.slice.join(',')}}`],
    );
    await em.execute(
      `insert into marketing_touch (customer_id, batch_id, channel, purpose, note, touched_at, recorded_by_user_id, created_at)
       select c.id, ?, 'SMS', ?, ?, ?, ?, ? ${targets} and ${eligible} order by c.id`,
      [batch.id, campaign.purpose, campaign.note, at, admin?.id ?? null, at, `{${campaign.slice.join(',')}}`],
    );
    touches += Number(batch.recorded_count);
  }
  return { marketingBatches: CAMPAIGNS.length, marketingTouches: touches };
}
