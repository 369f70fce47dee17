import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../config';
import { sql } from '../domain/common/sql';
import { reminderRowsSql } from '../domain/reminders/reminder-list.sql';
import { FollowUpService } from './follow-up.service';
import { ReminderService } from './reminder.service';
import { ScoringService } from './scoring.service';
import type { ServiceContext } from './service-context';

/** The company-wide rules take ~140 s on 1,000,000 customers (bench/README.md, "Reminders on 1,000,000 customers"): past the API's statement time-out. */
const SCAN_STATEMENT_TIMEOUT = '600s';

/**
 * REMINDER_DUE webhooks (issue 17 item 1): an event for each open reminder whose day has
 * come (due today, or overdue), once per occurrence — customer, kind and occurrence key, as
 * `reminder` names it; a unique index makes concurrent scans agree, so a reminder snoozed and
 * open again is not sent twice. Only while someone subscribes to the topic: the rules run over
 * every active customer in one statement, which costs what the company's reminder list costs
 * (~140 s on the 1M-customer bench). The scheduler runs it
 * as a pg-boss job (WEBHOOK_REMINDER_CRON, hourly by default), so one process scans at a time
 * and deliveries never wait for it. Returns the events written.
 */
export async function detectDueReminders(em: EntityManager, config: Config, now: Date): Promise<number> {
  const [subscribed] = await em.execute(`select 1 from webhook_subscription s where s.active and 'REMINDER_DUE' = any(s.topics) limit 1`);
  if (!subscribed) return 0;
  const ctx: ServiceContext = { em, viewer: null, config, now: () => now, requestId: 'webhook-reminders' };
  // The rules, scoring input and cut-points exactly as the reminder lists read them.
  const input = await new ReminderService(ctx, new ScoringService(ctx), new FollowUpService(ctx)).sqlInput();
  const rows = reminderRowsSql(input, { allActive: true }, { states: ['OPEN'], dueTo: input.scoring.today });
  const insert = sql`insert into webhook_event (topic, customer_id, subject_type, subject_id, data)
    select 'REMINDER_DUE', r.customer_id, 'CUSTOMER', r.customer_id,
           jsonb_build_object('customer_id', r.customer_id, 'kind', r.kind, 'occurrence_key', r.occurrence_key, 'due_on', r.due_on,
                              'due_at', r.due_at, 'subject_type', r.subject_type, 'subject_id', r.subject_id, 'figures', r.figures,
                              'value_tier', r.tier)
      from (${rows}) r
    on conflict (customer_id, (data ->> 'kind'), (data ->> 'occurrence_key')) where topic = 'REMINDER_DUE' do nothing
    returning id`;
  return em.transactional(async (tx) => {
    await tx.execute(`set local statement_timeout = '${SCAN_STATEMENT_TIMEOUT}'`);
    return (await tx.execute(insert.sql, insert.params)).length;
  });
}
