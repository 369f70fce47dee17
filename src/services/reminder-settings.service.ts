import type { EntityManager } from '@mikro-orm/postgresql';
import { say } from '../domain/common/bilingual';
import { userError, UserInputFailure, type UserErrorData } from '../domain/common/domain-error';
import type { TouchPurpose } from '../domain/reminders/reminder.enums';
import type { CompanyHoliday } from '../domain/reminders/reminder-rules';
import {
  DEFAULT_REMINDER_SETTINGS,
  isReminderKind,
  type ReminderRules,
  type ReminderSettings,
} from '../domain/reminders/reminder-settings';
import { reminderSettingsProblems } from '../domain/reminders/reminder-settings.validate';
import { actingUserId, type ServiceContext } from './service-context';
import { inTransaction } from './transaction';

/** The reminder rules in force and their version (1 and the defaults until an admin changes them). */
export interface ReminderSettingsState {
  settings: ReminderSettings;
  version: number;
  updatedAt: Date | null;
  updatedById: number | null;
}

export async function readReminderState(em: EntityManager): Promise<ReminderSettingsState> {
  const rows = await em.execute<
    Array<{ rules: Partial<ReminderSettings>; version: number; updated_at: Date | string; updated_by_id: number | null }>
  >(`select rules, version, updated_at, updated_by_id from reminder_settings where id = 1`);
  const row = rows[0];
  if (!row) return { settings: DEFAULT_REMINDER_SETTINGS, version: 1, updatedAt: null, updatedById: null };
  return {
    settings: withDefaults(row.rules),
    version: row.version,
    updatedAt: row.version > 1 ? new Date(row.updated_at) : null,
    updatedById: row.updated_by_id,
  };
}

/** Stored rules over the defaults, rule by rule, so a rule added in a later release has its default. */
function withDefaults(stored: Partial<ReminderSettings>): ReminderSettings {
  const rules = { ...DEFAULT_REMINDER_SETTINGS.rules } as Record<string, unknown>;
  for (const [kind, rule] of Object.entries(stored.rules ?? {})) {
    if (isReminderKind(kind)) rules[kind] = { ...DEFAULT_REMINDER_SETTINGS.rules[kind], ...(rule as object) };
  }
  return {
    rules: rules as unknown as ReminderRules,
    marketingCap: { ...DEFAULT_REMINDER_SETTINGS.marketingCap, ...(stored.marketingCap ?? {}) },
  };
}

/** A change to one rule: the fields given replace the rule's; a field the rule does not have is an error. */
export interface ReminderRuleChange {
  kind: string;
  enabled?: boolean | null;
  days?: number | null;
  aheadDays?: number | null;
  warningDays?: number | null;
  minDays?: number | null;
  /** NO_REPURCHASE's multiplier as a factor (1.5), at most two decimals. */
  multiplier?: number | null;
  everyMonths?: number | null;
  tiers?: string[] | null;
  reviewChannels?: string[] | null;
}

export interface ReminderSettingsChange {
  expectedVersion?: number | null;
  resetToDefaults?: boolean | null;
  rules?: ReminderRuleChange[] | null;
  marketingCap?: { maxTouches?: number | null; days?: number | null; cappedPurposes?: TouchPurpose[] | null } | null;
}

const FIELDS: Array<keyof ReminderRuleChange> = [
  'enabled',
  'days',
  'aheadDays',
  'warningDays',
  'minDays',
  'multiplier',
  'everyMonths',
  'tiers',
  'reviewChannels',
];

function applyChange(base: ReminderSettings, change: ReminderSettingsChange, errors: UserErrorData[]): ReminderSettings {
  const next: ReminderSettings = structuredClone(base);
  const seen = new Set<string>();
  (change.rules ?? []).forEach((c, i) => {
    const path = ['input', 'rules', String(i)];
    if (!isReminderKind(c.kind)) {
      errors.push(userError([...path, 'kind'], say(`未知的提醒类型“${c.kind}”`, `unknown reminder kind "${c.kind}"`)));
      return;
    }
    if (seen.has(c.kind)) errors.push(userError([...path, 'kind'], say(`${c.kind} 在输入中出现了两次`, `${c.kind} is changed twice`)));
    seen.add(c.kind);
    const rule = next.rules[c.kind] as unknown as Record<string, unknown>;
    for (const field of FIELDS) {
      const value = c[field];
      if (value == null) continue;
      const target = field === 'multiplier' ? 'multiplierPercent' : field;
      if (!(target in rule)) {
        errors.push(userError([...path, field], say(`${c.kind} 没有 ${field} 这一项`, `${c.kind} has no ${field}`)));
        continue;
      }
      if (field === 'multiplier') {
        const percent = Math.round((value as number) * 100);
        if (!Number.isFinite(value) || Math.abs((value as number) * 100 - percent) > 1e-9)
          errors.push(userError([...path, field], say('最多两位小数', 'must have at most two decimals')));
        rule[target] = percent;
      } else {
        rule[target] = value;
      }
    }
  });
  const cap = change.marketingCap;
  if (cap) {
    if (cap.maxTouches != null) next.marketingCap.maxTouches = cap.maxTouches;
    if (cap.days != null) next.marketingCap.days = cap.days;
    if (cap.cappedPurposes != null) next.marketingCap.cappedPurposes = [...new Set(cap.cappedPurposes)];
  }
  return next;
}

/** API paths of the domain's problem paths (`rules.NO_REPURCHASE.multiplierPercent` → the rule's index in the input). */
function inputPath(path: string[], change: ReminderSettingsChange): string[] {
  if (path[0] === 'rules') {
    const index = (change.rules ?? []).findIndex((c) => c.kind === path[1]);
    const field = path[2] === 'multiplierPercent' ? 'multiplier' : path[2];
    return index >= 0 ? ['input', 'rules', String(index), field] : ['input', 'rules'];
  }
  return ['input', ...path];
}

export class ReminderSettingsService {
  constructor(private readonly ctx: ServiceContext) {}

  update(change: ReminderSettingsChange) {
    return inTransaction(
      this.ctx,
      'reminderSettings',
      async (em) => {
        await em.execute(
          `insert into reminder_settings (id, rules, version, updated_at) values (1, ?::jsonb, 1, ?) on conflict (id) do nothing`,
          [JSON.stringify(DEFAULT_REMINDER_SETTINGS), this.ctx.now()],
        );
        const [locked] = await em.execute<Array<{ version: number }>>(`select version from reminder_settings where id = 1 for update`);
        if (change.expectedVersion != null && change.expectedVersion !== locked.version) {
          throw new UserInputFailure([
            userError(
              ['input', 'expectedVersion'],
              say(
                `设置已被他人修改（当前版本 ${locked.version}），请重新读取`,
                `the settings changed meanwhile (now version ${locked.version}); read them again`,
              ),
              'CONFLICT',
            ),
          ]);
        }
        const current = change.resetToDefaults ? DEFAULT_REMINDER_SETTINGS : (await readReminderState(em)).settings;
        const errors: UserErrorData[] = [];
        const next = applyChange(current, change, errors);
        for (const p of reminderSettingsProblems(next)) errors.push(userError(inputPath(p.path, change), p.message));
        if (errors.length) throw new UserInputFailure(errors);
        await em.execute(
          `update reminder_settings set rules = ?::jsonb, version = version + 1, updated_at = ?, updated_by_id = ? where id = 1`,
          [JSON.stringify(next), this.ctx.now(), actingUserId(this.ctx)],
        );
        return readReminderState(em);
      },
      { scoringUnchanged: 'reminder rules are not read by the scoring population' },
    );
  }

  /** The company holidays of a year, by day. */
  async holidays(year: number): Promise<CompanyHoliday[]> {
    const rows = await this.ctx.em.execute<Array<{ day: string; name_zh: string; name_en: string }>>(
      `select to_char(day, 'YYYY-MM-DD') as day, name_zh, name_en from company_holiday where day >= make_date(?::int, 1, 1) and day < make_date(?::int + 1, 1, 1) order by day`,
      [year, year],
    );
    return rows.map((r) => ({ day: r.day, nameZh: r.name_zh, nameEn: r.name_en }));
  }

  /** Replaces a year's holidays (lunar holidays move every year, so each year is its own list). */
  setHolidays(year: number, holidays: CompanyHoliday[]) {
    return inTransaction(
      this.ctx,
      'holidays',
      async (em) => {
        const errors: UserErrorData[] = [];
        const days = new Set<string>();
        holidays.forEach((h, i) => {
          if (Number(h.day.slice(0, 4)) !== year)
            errors.push(userError(['input', 'holidays', String(i), 'day'], say(`不在 ${year} 年内`, `is not in ${year}`)));
          if (days.has(h.day)) errors.push(userError(['input', 'holidays', String(i), 'day'], say('该日期重复出现', 'is listed twice')));
          days.add(h.day);
          if (!h.nameZh.trim()) errors.push(userError(['input', 'holidays', String(i), 'nameZh'], say('必填', 'is required'), 'REQUIRED'));
          if (!h.nameEn.trim()) errors.push(userError(['input', 'holidays', String(i), 'nameEn'], say('必填', 'is required'), 'REQUIRED'));
        });
        if (year < 1970 || year > 2200)
          errors.push(userError(['input', 'year'], say('必须在 1970 到 2200 之间', 'must be from 1970 to 2200')));
        if (errors.length) throw new UserInputFailure(errors);
        await em.execute(`delete from company_holiday where day >= make_date(?::int, 1, 1) and day < make_date(?::int + 1, 1, 1)`, [
          year,
          year,
        ]);
        for (const h of holidays) {
          await em.execute(`insert into company_holiday (day, name_zh, name_en) values (?::date, ?, ?)`, [
            h.day,
            h.nameZh.trim(),
            h.nameEn.trim(),
          ]);
        }
        return holidays.slice().sort((a, b) => a.day.localeCompare(b.day));
      },
      { scoringUnchanged: 'holidays are not read by the scoring population' },
    );
  }
}
