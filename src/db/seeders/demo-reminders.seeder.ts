import type { EntityManager } from '@mikro-orm/postgresql';
import { calendarDayIn } from '../../domain/common/calendar';
import { reminderRowsSql } from '../../domain/reminders/reminder-list.sql';
import { DEFAULT_REMINDER_SETTINGS } from '../../domain/reminders/reminder-settings';
import { addDays } from '../../domain/common/calendar';
import { populationFromRow, populationSql } from '../../domain/scoring/population.sql';
import { DEFAULT_SCORING_SETTINGS } from '../../domain/scoring/scoring-settings';

export interface RemindersSummary {
  holidays: number;
  reminderStates: number;
}

/**
 * The company holidays of the demo years (HOLIDAY greetings). 春节, 端午 and 中秋 follow the
 * lunar calendar, 清明 the solar terms: each year has its own days. The demo company also keeps
 * its founding day, three days after the seeding day, so a newcomer sees holiday greetings due
 * whatever the date.
 */
const HOLIDAYS: ReadonlyArray<[string, string, string]> = [
  ['2025-01-01', '元旦', "New Year's Day"],
  ['2025-01-29', '春节', 'Spring Festival'],
  ['2025-04-04', '清明节', 'Qingming Festival'],
  ['2025-05-01', '劳动节', 'Labour Day'],
  ['2025-05-31', '端午节', 'Dragon Boat Festival'],
  ['2025-10-01', '国庆节', 'National Day'],
  ['2025-10-06', '中秋节', 'Mid-Autumn Festival'],
  ['2026-01-01', '元旦', "New Year's Day"],
  ['2026-02-17', '春节', 'Spring Festival'],
  ['2026-04-05', '清明节', 'Qingming Festival'],
  ['2026-05-01', '劳动节', 'Labour Day'],
  ['2026-06-19', '端午节', 'Dragon Boat Festival'],
  ['2026-09-25', '中秋节', 'Mid-Autumn Festival'],
  ['2026-10-01', '国庆节', 'National Day'],
  ['2027-01-01', '元旦', "New Year's Day"],
  ['2027-02-06', '春节', 'Spring Festival'],
  ['2027-04-05', '清明节', 'Qingming Festival'],
  ['2027-05-01', '劳动节', 'Labour Day'],
  ['2027-06-09', '端午节', 'Dragon Boat Festival'],
  ['2027-09-15', '中秋节', 'Mid-Autumn Festival'],
  ['2027-10-01', '国庆节', 'National Day'],
];

/**
 * Reminders of the demo company (DOMAIN M1–M3): the holidays; a coverage end on warranty and
 * maintenance cases (one year after the case: 三包 and yearly maintenance contracts), so
 * renewals come due; and what salespeople did with some of the due reminders: of each kind,
 * customers chosen by id (`id % 7`) have their reminder done (1), snoozed for a few days (2)
 * or dismissed (3), so every state shows in the lists. Runs after the records and their
 * statistics (the rules read them as a set).
 */
export async function seedDemoReminders(em: EntityManager, now: Date, timeZone: string): Promise<RemindersSummary> {
  const holidays = await seedHolidaysAndCoverage(em, now, timeZone);
  return { holidays, reminderStates: await seedReminderStates(em, now, timeZone) };
}

/** The holidays and the coverage ends (also used by the reminders benchmark); returns the holidays written. */
export async function seedHolidaysAndCoverage(em: EntityManager, now: Date, timeZone: string): Promise<number> {
  const today = calendarDayIn(now, timeZone);
  const founding = addDays(today, 3);
  const holidays = [...HOLIDAYS.filter(([day]) => day !== founding), [founding, '公司成立纪念日', 'Company Founding Day'] as const];
  await em.execute(
    `insert into company_holiday (day, name_zh, name_en) select x.day::date, x.zh, x.en from jsonb_to_recordset(?::jsonb) as x(day text, zh text, en text)
     on conflict (day) do nothing`,
    [JSON.stringify(holidays.map(([day, zh, en]) => ({ day, zh, en })))],
  );
  await em.execute(
    `update service_case set coverage_ends_on = ((created_at at time zone ?)::date + 365) where type in ('WARRANTY', 'MAINTENANCE')`,
    [timeZone],
  );
  return holidays.length;
}

async function seedReminderStates(em: EntityManager, now: Date, timeZone: string): Promise<number> {
  const today = calendarDayIn(now, timeZone);
  const scoring = { settings: DEFAULT_SCORING_SETTINGS, today, timeZone, storedFacts: null };
  const pop = populationSql(scoring);
  const population = populationFromRow((await em.execute(pop.sql, pop.params))[0]);
  const rows = reminderRowsSql({ scoring, population, settings: DEFAULT_REMINDER_SETTINGS, now }, { allActive: true });
  const [admin] = await em.execute(`select id from app_user where email = 'admin@example.com'`);
  const moved = await em.execute(
    `with due as (select r.customer_id, r.kind, r.occurrence_key, row_number() over (partition by r.kind, r.customer_id % 7 order by r.customer_id, r.occurrence_key) as n
                    from (${rows.sql}) r where r.customer_id % 7 in (1, 2, 3))
     insert into reminder_state (customer_id, kind, occurrence_key, state, snoozed_until, reason, acted_by_user_id, acted_at)
     select d.customer_id, d.kind, d.occurrence_key,
            (array['DONE', 'SNOOZED', 'DISMISSED'])[d.customer_id % 7],
            case when d.customer_id % 7 = 2 then ?::date + 1 + (d.customer_id % 5) end,
            case when d.customer_id % 7 = 3 then '客户已明确暂不需要' end,
            coalesce(c.owner_id, ?::int), ?::timestamptz - interval '1 hour'
       from due d join customer c on c.id = d.customer_id
      where d.n <= 3
     returning id`,
    [...rows.params, today, admin?.id ?? null, now],
  );
  return moved.length;
}
