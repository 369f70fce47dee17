import { say, type Bilingual } from '../common/bilingual';
import { FOLLOW_UP_CHANNELS } from '../records/records.enums';
import { VALUE_TIERS } from '../scoring/scoring.enums';
import { TOUCH_PURPOSES } from './reminder.enums';
import type { ReminderSettings } from './reminder-settings';

export interface SettingsProblem {
  path: string[];
  message: Bilingual;
}

const among = (codes: readonly string[]) => say(`必须是 ${codes.join('、')} 之一`, `must be among ${codes.join(', ')}`);
const wholeNumber = (min: number, max: number) => say(`必须是 ${min} 到 ${max} 之间的整数`, `must be a whole number from ${min} to ${max}`);

/** Integer bounds of every threshold, by its name in a rule. */
const LIMITS: Record<string, [number, number]> = {
  days: [1, 3650],
  aheadDays: [0, 366],
  warningDays: [0, 365],
  minDays: [1, 3650],
  multiplierPercent: [100, 1000],
  everyMonths: [1, 24],
};

/** Everything wrong with a whole set of reminder rules, each at its path (`rules.BIRTHDAY.aheadDays`). */
export function reminderSettingsProblems(s: ReminderSettings): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  for (const [kind, rule] of Object.entries(s.rules) as Array<[string, Record<string, unknown>]>) {
    for (const [name, value] of Object.entries(rule)) {
      const path = ['rules', kind, name];
      const limits = LIMITS[name];
      if (limits) {
        if (typeof value !== 'number' || !Number.isInteger(value) || value < limits[0] || value > limits[1]) {
          problems.push({ path, message: wholeNumber(limits[0], limits[1]) });
        }
      } else if (name === 'tiers') {
        const tiers = value as string[];
        if (tiers.some((t) => !VALUE_TIERS.values.includes(t as never))) problems.push({ path, message: among(VALUE_TIERS.values) });
        else if (new Set(tiers).size !== tiers.length) problems.push({ path, message: say('等级不能重复', 'must not repeat a tier') });
      } else if (name === 'reviewChannels') {
        const channels = value as string[];
        if (channels.some((c) => !FOLLOW_UP_CHANNELS.values.includes(c as never)))
          problems.push({ path, message: among(FOLLOW_UP_CHANNELS.values) });
        else if (channels.length === 0)
          problems.push({
            path,
            message: say('至少需要一个渠道（或关闭这条规则）', 'needs at least one channel (or switch the rule off)'),
          });
      }
    }
  }
  const cap = s.marketingCap;
  if (!Number.isInteger(cap.maxTouches) || cap.maxTouches < 0 || cap.maxTouches > 100)
    problems.push({ path: ['marketingCap', 'maxTouches'], message: wholeNumber(0, 100) });
  if (!Number.isInteger(cap.days) || cap.days < 1 || cap.days > 365)
    problems.push({ path: ['marketingCap', 'days'], message: wholeNumber(1, 365) });
  if (cap.cappedPurposes.some((p) => !TOUCH_PURPOSES.values.includes(p)))
    problems.push({ path: ['marketingCap', 'cappedPurposes'], message: among(TOUCH_PURPOSES.values) });
  return problems;
}
