import Decimal from 'decimal.js';
import { say, type Bilingual } from '../common/bilingual';
import { MEMBER_LEVELS, RFM_GROUPS } from './scoring.enums';
import type { ScoringSettings } from './scoring-settings';

export type SettingsProblem = { path: string[]; message: Bilingual };

const MAX_DAYS = 3650;

/**
 * What is wrong with a whole set of rules, each problem at its path (`value.weights`):
 * weights sum to 100%, shares and thresholds are ordered, windows are positive days.
 */
export function scoringSettingsProblems(s: ScoringSettings): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  const days = (path: string[], value: number, min = 1) => {
    if (!Number.isInteger(value) || value < min || value > MAX_DAYS)
      problems.push({
        path,
        message: say(`必须是 ${min} 到 ${MAX_DAYS} 之间的整数天数`, `must be a whole number of days from ${min} to ${MAX_DAYS}`),
      });
  };
  const count = (path: string[], value: number, min = 1, max = 10_000) => {
    if (!Number.isInteger(value) || value < min || value > max)
      problems.push({ path, message: say(`必须是 ${min} 到 ${max} 之间的整数`, `must be a whole number from ${min} to ${max}`) });
  };
  const points = (path: string[], value: number) => count(path, value, 0, 100);
  // Percentages; the API refuses a fraction with more than two decimals field by field and passes it on unrounded, so the sum is of what was sent.
  const sumsTo100 = (path: string[], weights: Record<string, number>) => {
    const values = Object.values(weights);
    const sum = values.reduce((a, b) => a + b, 0);
    if (values.some((w) => !Number.isFinite(w) || w < 0 || w > 100)) {
      problems.push({
        path,
        message: say('每个权重必须在 0 到 1 之间，最多两位小数', 'each weight must be between 0 and 1 with at most two decimals'),
      });
    } else if (Math.abs(sum - 100) > 1e-9) {
      const total = Number((sum / 100).toFixed(6));
      problems.push({ path, message: say(`权重之和必须为 1（当前为 ${total}）`, `weights must sum to 1 (they sum to ${total})`) });
    }
  };

  days(['windowDays'], s.windowDays);

  const l = s.lifecycle;
  days(['lifecycle', 'prospectWindowDays'], l.prospectWindowDays);
  days(['lifecycle', 'dormancyMinDays'], l.dormancyMinDays);
  if (!(l.dormancyCycleMultiplier >= 1 && l.dormancyCycleMultiplier <= 10)) {
    problems.push({ path: ['lifecycle', 'dormancyCycleMultiplier'], message: say('必须在 1 到 10 之间', 'must be from 1 to 10') });
  }
  days(['lifecycle', 'lostAfterDays'], l.lostAfterDays);
  if (l.lostAfterDays <= l.dormancyMinDays) {
    problems.push({
      path: ['lifecycle', 'lostAfterDays'],
      message: say(`必须大于 dormancyMinDays（${l.dormancyMinDays}）`, `must be greater than dormancyMinDays (${l.dormancyMinDays})`),
    });
  }
  count(['lifecycle', 'repeatMinOrders'], l.repeatMinOrders, 2);
  count(['lifecycle', 'loyalMinOrders'], l.loyalMinOrders, 2);
  if (l.loyalMinOrders <= l.repeatMinOrders) {
    problems.push({
      path: ['lifecycle', 'loyalMinOrders'],
      message: say(`必须大于 repeatMinOrders（${l.repeatMinOrders}）`, `must be greater than repeatMinOrders (${l.repeatMinOrders})`),
    });
  }
  count(['lifecycle', 'loyalAltMinOrders'], l.loyalAltMinOrders, 2);
  days(['lifecycle', 'loyalAltMinSpanDays'], l.loyalAltMinSpanDays);
  if (!(l.loyalAltMinSatisfaction >= 1 && l.loyalAltMinSatisfaction <= 5)) {
    problems.push({ path: ['lifecycle', 'loyalAltMinSatisfaction'], message: say('必须在 1 到 5 之间', 'must be from 1 to 5') });
  }

  s.rfm.groups.forEach((rule, i) => {
    if (!RFM_GROUPS.values.includes(rule.group) || rule.group === 'NEEDS_ATTENTION') {
      problems.push({
        path: ['rfm', 'groups', String(i), 'group'],
        message: say('必须是 NEEDS_ATTENTION（兜底分组）以外的具名分组', 'must be a named group other than NEEDS_ATTENTION (the fallback)'),
      });
    }
    for (const key of ['r', 'f', 'm'] as const) {
      const bounds = rule[key];
      if (
        bounds &&
        !(Number.isInteger(bounds[0]) && Number.isInteger(bounds[1]) && bounds[0] >= 0 && bounds[0] <= bounds[1] && bounds[1] <= 5)
      ) {
        problems.push({
          path: ['rfm', 'groups', String(i), key],
          message: say('必须是 0 到 5 之间的得分，且 min ≤ max', 'must be scores from 0 to 5 with min ≤ max'),
        });
      }
    }
  });
  if (new Set(s.rfm.groups.map((g) => g.group)).size !== s.rfm.groups.length) {
    problems.push({ path: ['rfm', 'groups'], message: say('每个分组只能出现一次', 'each group may appear once') });
  }

  const v = s.value;
  sumsTo100(['value', 'weights'], v.weights);
  const shares = [v.tierShares.vip, v.tierShares.major, v.tierShares.ordinary];
  if (shares.some((x) => !Number.isInteger(x) || x < 1) || shares.reduce((a, b) => a + b, 0) >= 100) {
    problems.push({
      path: ['value', 'tierShares'],
      message: say(
        '每个占比至少为 0.01，最多两位小数，且合计小于 1（剩余部分为 SMALL）',
        'each share must be at least 0.01 with at most two decimals, and together less than 1 (SMALL is the rest)',
      ),
    });
  }
  for (const [stage, p] of Object.entries(v.lifecyclePoints)) points(['value', 'lifecyclePoints', stage], p);
  sumsTo100(['value', 'potential', 'weights'], v.potential.weights);
  positiveAmount(problems, ['value', 'potential', 'inquiryAmountForFull'], v.potential.inquiryAmountForFull);
  points(['value', 'potential', 'inquiryFloor'], v.potential.inquiryFloor);
  for (const [size, p] of Object.entries(v.potential.sizePoints)) points(['value', 'potential', 'sizePoints', size], p);
  days(['value', 'potential', 'growthWindowDays'], v.potential.growthWindowDays);
  sumsTo100(['value', 'loyalty', 'weights'], v.loyalty.weights);
  days(['value', 'loyalty', 'tenureFullDays'], v.loyalty.tenureFullDays);
  count(['value', 'loyalty', 'repeatFullOrders'], v.loyalty.repeatFullOrders, 2);
  points(['value', 'loyalty', 'satisfactionNeutral'], v.loyalty.satisfactionNeutral);

  const a = s.abc;
  if (!(Number.isInteger(a.aShare) && Number.isInteger(a.bShare) && a.aShare >= 1 && a.aShare < a.bShare && a.bShare < 100)) {
    problems.push({
      path: ['abc'],
      message: say('占比必须满足 0 < A < B < 1，最多两位小数', 'shares must satisfy 0 < A < B < 1, with at most two decimals'),
    });
  }

  const levels = s.membership.levels;
  levels.forEach((level, i) => positiveAmount(problems, ['membership', 'levels', String(i), 'minSpend'], level.minSpend));
  if (
    new Set(levels.map((x) => x.level)).size !== levels.length ||
    levels.some((x) => !MEMBER_LEVELS.values.includes(x.level) || (x.level as string) === 'REGULAR')
  ) {
    problems.push({
      path: ['membership', 'levels'],
      message: say(
        'SILVER、GOLD、DIAMOND 各只能出现一次（REGULAR 低于第一个等级）',
        'each of SILVER, GOLD, DIAMOND may appear once (REGULAR is below the first)',
      ),
    });
  }
  for (let i = 1; i < levels.length; i++) {
    if (isAmount(levels[i].minSpend) && isAmount(levels[i - 1].minSpend) && !new Decimal(levels[i].minSpend).gt(levels[i - 1].minSpend)) {
      problems.push({
        path: ['membership', 'levels', String(i), 'minSpend'],
        message: say(
          `必须大于上一等级的最低消费（${levels[i - 1].minSpend}）`,
          `must be greater than the level before (${levels[i - 1].minSpend})`,
        ),
      });
    }
  }
  const order = levels.map((x) => MEMBER_LEVELS.values.indexOf(x.level));
  if (order.some((x, i) => i > 0 && x < order[i - 1])) {
    problems.push({
      path: ['membership', 'levels'],
      message: say('等级必须按 SILVER、GOLD、DIAMOND 的顺序递增', 'levels must rise in the order SILVER, GOLD, DIAMOND'),
    });
  }

  const d = s.depth;
  count(['depth', 'deepFollowUps'], d.deepFollowUps, 1, 1000);
  days(['depth', 'deepFollowUpDays'], d.deepFollowUpDays);
  days(['depth', 'recentFollowUpDays'], d.recentFollowUpDays);
  days(['depth', 'recentOrderDays'], d.recentOrderDays);
  days(['depth', 'contactDays'], d.contactDays);
  if (d.contactDays < Math.max(d.deepFollowUpDays, d.recentFollowUpDays, d.recentOrderDays)) {
    problems.push({
      path: ['depth', 'contactDays'],
      message: say(
        '不能小于 DEEP 的各个时间窗口（深度关系也算有联系）',
        'must be at least the DEEP windows (a deep relationship is also a contact)',
      ),
    });
  }

  const t = s.trend;
  count(['trend', 'months'], t.months, 1, 12);
  count(['trend', 'varietyDropPercent'], t.varietyDropPercent, 1, 100);
  count(['trend', 'varietyDropMin'], t.varietyDropMin, 1, 1000);
  count(['trend', 'flatPercent'], t.flatPercent, 0, 100);
  return problems;
}

function isAmount(value: string): boolean {
  return /^\d{1,12}(\.\d{1,2})?$/.test(value);
}

function positiveAmount(problems: SettingsProblem[], path: string[], value: string): void {
  if (!isAmount(value) || new Decimal(value).lte(0))
    problems.push({ path, message: say('必须是正数金额，最多两位小数', 'must be a positive amount with at most two decimals') });
}
