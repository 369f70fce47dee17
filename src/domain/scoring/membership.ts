import Decimal from 'decimal.js';
import type { ScoreFigure } from './customer-facts';
import { money } from './percentile';
import type { MemberLevel } from './scoring.enums';
import type { MembershipRules } from './scoring-settings';

/** Membership level (DOMAIN S4) from spend in the window: the highest level whose minimum the spend reaches. */
export interface MemberResult {
  level: MemberLevel;
  figures: ScoreFigure[];
}

export function memberLevel(windowSpend: string, rules: MembershipRules): MemberLevel {
  const spend = new Decimal(windowSpend);
  let level: MemberLevel = 'REGULAR';
  // The last entry reached wins: levels are listed ascending.
  for (const entry of rules.levels) if (spend.gte(entry.minSpend)) level = entry.level;
  return level;
}

export function evaluateMemberLevel(windowSpend: string, rules: MembershipRules, windowDays: number): MemberResult {
  const level = memberLevel(windowSpend, rules);
  const index = rules.levels.findIndex((l) => l.level === level);
  const next = rules.levels[index + 1] ?? (level === 'REGULAR' ? rules.levels[0] : undefined);
  const current = rules.levels[index];
  return {
    level,
    figures: [
      { key: 'windowSpend', value: money(windowSpend) },
      { key: 'windowDays', value: windowDays },
      { key: 'levelMinSpend', value: current ? money(current.minSpend) : null },
      { key: 'nextLevel', value: next?.level ?? null },
      { key: 'nextLevelMinSpend', value: next ? money(next.minSpend) : null },
    ],
  };
}
