import type { EntityManager } from '@mikro-orm/postgresql';
import { say } from '../domain/common/bilingual';
import { userError, UserInputFailure, type UserErrorData } from '../domain/common/domain-error';
import { factsBasisOf, type StoredFactsBasis } from '../domain/scoring/facts-basis';
import { ensureFactsBasis } from './customer-facts-basis';
import { requestFactsRefresh } from './customer-facts.service';
import {
  DEFAULT_SCORING_SETTINGS,
  type AbcRules,
  type DepthRules,
  type LifecycleRules,
  type ScoringSettings,
  type ValueRules,
} from '../domain/scoring/scoring-settings';
import type { LifecycleStage, MemberLevel, RfmGroup, VolumeMeasure } from '../domain/scoring/scoring.enums';
import { scoringSettingsProblems } from '../domain/scoring/scoring-settings.validate';
import { actingUserId, type ServiceContext } from './service-context';
import { inTransaction } from './transaction';

/** The rules in force and the versions that tell a cached population whether it is stale. */
export interface ScoringState {
  settings: ScoringSettings;
  settingsVersion: number;
  /** Moved after every committed write that can change the scoring population's inputs (see transaction.ts). */
  dataVersion: string;
  updatedAt: Date | null;
  updatedById: number | null;
  /** The basis the stored customer facts were computed under (null before the facts job first ran). */
  factsBasis: StoredFactsBasis | null;
}

/** Each field optional; null or absent leaves it as it is. */
type Changes<T> = { [K in keyof T]?: T[K] | null };

/**
 * A change to the scoring rules, as the API gives it: every field is optional and replaces
 * only itself; lists (RFM groups, membership levels) replace the whole list; points by stage
 * or size replace the entries given. Weights and shares are fractions (0.4), not the stored
 * integer percentages; RFM bounds are min/max pairs.
 */
export interface ScoringSettingsChange {
  /** Refuse the change (CONFLICT) unless the settings are still at this version. */
  expectedVersion?: number | null;
  /** Start from the defaults instead of the current rules; the other fields then apply on top. */
  resetToDefaults?: boolean | null;
  windowDays?: number | null;
  lifecycle?: Changes<LifecycleRules> | null;
  rfmGroups?: Array<{
    group: RfmGroup;
    rMin?: number | null;
    rMax?: number | null;
    fMin?: number | null;
    fMax?: number | null;
    mMin?: number | null;
    mMax?: number | null;
  }> | null;
  value?: {
    weights?: ValueRules['weights'] | null;
    tierShares?: ValueRules['tierShares'] | null;
    lifecyclePoints?: Array<{ stage: LifecycleStage; points: number }> | null;
    potential?: {
      weights?: ValueRules['potential']['weights'] | null;
      inquiryAmountForFull?: string | null;
      inquiryFloor?: number | null;
      /** `size`: a CompanySize code or UNKNOWN (anything else is a user error). */
      sizePoints?: Array<{ size: string; points: number }> | null;
      growthWindowDays?: number | null;
    } | null;
    loyalty?: {
      weights?: ValueRules['loyalty']['weights'] | null;
      tenureFullDays?: number | null;
      repeatFullOrders?: number | null;
      satisfactionNeutral?: number | null;
    } | null;
  } | null;
  abc?: AbcRules | null;
  membershipLevels?: Array<{ level: MemberLevel; minSpend: string }> | null;
  depth?: Changes<DepthRules> | null;
  trend?: {
    months?: number | null;
    volumeMeasure?: VolumeMeasure | null;
    varietyDropShare?: number | null;
    varietyDropMin?: number | null;
    flatShare?: number | null;
  } | null;
}

/** Reads the rules and both versions in one statement; defaults when never changed. */
export async function readScoringState(em: EntityManager): Promise<ScoringState> {
  const [row] = await em.execute<
    Array<{
      rules: unknown;
      version: number | null;
      updated_at: string | Date | null;
      updated_by_id: number | null;
      data_version: string;
      basis_version: number | null;
      basis_time_zone: string | null;
      basis_window_days: number | null;
      basis_growth_days: number | null;
      basis_follow_up_days: number | null;
      basis_filled_at: string | Date | null;
    }>
  >(
    `select s.rules, s.version, s.updated_at, s.updated_by_id, (select (case when is_called then last_value else 0 end)::text from scoring_data_version) as data_version,
            b.version as basis_version, b.time_zone as basis_time_zone, b.window_days as basis_window_days,
            b.growth_days as basis_growth_days, b.follow_up_days as basis_follow_up_days, b.filled_at as basis_filled_at
       from (values (1)) as one (id) left join scoring_settings s on s.id = one.id left join customer_facts_basis b on b.id = one.id`,
  );
  const version = row.version ?? 1;
  return {
    settings: row.rules ? withDefaults(row.rules) : DEFAULT_SCORING_SETTINGS,
    settingsVersion: version,
    dataVersion: row.data_version,
    updatedAt: version > 1 && row.updated_at != null ? new Date(row.updated_at) : null,
    updatedById: row.updated_by_id,
    factsBasis:
      row.basis_version == null
        ? null
        : {
            version: row.basis_version,
            timeZone: row.basis_time_zone!,
            windowDays: row.basis_window_days!,
            growthDays: row.basis_growth_days!,
            followUpDays: row.basis_follow_up_days!,
            filledAt: row.basis_filled_at == null ? null : new Date(row.basis_filled_at),
          },
  };
}

/** Stored rules over the defaults, so a rule added in a later release has its default. */
function withDefaults(stored: Partial<ScoringSettings>): ScoringSettings {
  return deepMerge(DEFAULT_SCORING_SETTINGS, stored) as ScoringSettings;
}

function deepMerge(base: unknown, over: unknown): unknown {
  if (over === undefined || over === null) return base;
  if (Array.isArray(over) || typeof over !== 'object' || typeof base !== 'object' || base === null || Array.isArray(base)) return over;
  const result: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(over as Record<string, unknown>)) result[key] = deepMerge(result[key], value);
  return result;
}

export class ScoringSettingsService {
  constructor(private readonly ctx: ServiceContext) {}

  async update(input: ScoringSettingsChange) {
    let basisMoved = false;
    const state = await inTransaction(
      this.ctx,
      'scoringSettings',
      async (em) => {
        await em.execute(
          `insert into scoring_settings (id, rules, version, updated_at) values (1, ?::jsonb, 1, ?) on conflict (id) do nothing`,
          [JSON.stringify(DEFAULT_SCORING_SETTINGS), this.ctx.now()],
        );
        const [locked] = await em.execute<Array<{ version: number }>>(`select version from scoring_settings where id = 1 for update`);
        if (input.expectedVersion != null && input.expectedVersion !== locked.version) {
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
        const current = input.resetToDefaults ? DEFAULT_SCORING_SETTINGS : (await readScoringState(em)).settings;
        const errors: UserErrorData[] = [];
        const next = applyInput(current, input, errors);
        for (const p of scoringSettingsProblems(next)) errors.push(userError(['input', ...apiPath(p.path)], p.message));
        if (errors.length) throw new UserInputFailure(errors);
        await em.execute(
          `update scoring_settings set rules = ?::jsonb, version = version + 1, updated_at = ?, updated_by_id = ? where id = 1`,
          [JSON.stringify(next), this.ctx.now(), actingUserId(this.ctx)],
        );
        // Facts computed under other windows are stale from now on; the facts job recomputes them.
        basisMoved = (await ensureFactsBasis(em, factsBasisOf(next, this.ctx.config.companyTimeZone), this.ctx.now())).moved;
        return readScoringState(em);
      },
      { scoringUnchanged: 'the settings version is part of the population cache key already' },
    );
    if (basisMoved) requestFactsRefresh();
    return state;
  }
}

/** Domain paths to input paths where they differ (lists and fractions named as in the API). */
function apiPath(path: string[]): string[] {
  if (path[0] === 'rfm' && path[1] === 'groups') return ['rfmGroups', ...path.slice(2)];
  if (path[0] === 'membership' && path[1] === 'levels') return ['membershipLevels', ...path.slice(2)];
  if (path[0] === 'trend' && path[1] === 'varietyDropPercent') return ['trend', 'varietyDropShare'];
  if (path[0] === 'trend' && path[1] === 'flatPercent') return ['trend', 'flatShare'];
  return path;
}

/**
 * A fraction with at most two decimals as an integer percentage; otherwise a user error, and
 * the percentage unrounded, so a check of the group (weights summing to 1) sees what was sent.
 */
function percent(value: number, path: string[], errors: UserErrorData[]): number {
  const scaled = value * 100;
  const rounded = Math.round(scaled);
  if (!Number.isFinite(value) || Math.abs(scaled - rounded) > 1e-9) {
    errors.push(userError(['input', ...path], say('最多两位小数', 'must have at most two decimals')));
    return scaled;
  }
  return rounded;
}

/** A group of fractions (weights, shares) as integer percentages, keyed and ordered like the default group `like`; each error at its key. */
function percents<K extends string>(
  values: Record<K, number>,
  like: Record<K, number>,
  path: string[],
  errors: UserErrorData[],
): Record<K, number> {
  const keys = Object.keys(like) as K[];
  return Object.fromEntries(keys.map((key) => [key, percent(values[key], [...path, key], errors)])) as Record<K, number>;
}

function pick<T>(value: T | null | undefined, fallback: T): T {
  return value ?? fallback;
}

function applyInput(base: ScoringSettings, input: ScoringSettingsChange, errors: UserErrorData[]): ScoringSettings {
  const s: ScoringSettings = structuredClone(base);
  s.windowDays = pick(input.windowDays, s.windowDays);
  if (input.lifecycle) {
    for (const [key, value] of Object.entries(input.lifecycle)) {
      if (value != null) (s.lifecycle as unknown as Record<string, number>)[key] = value;
    }
  }
  if (input.rfmGroups) {
    s.rfm.groups = input.rfmGroups.map((g) => ({
      group: g.group,
      ...bounds('r', g.rMin, g.rMax),
      ...bounds('f', g.fMin, g.fMax),
      ...bounds('m', g.mMin, g.mMax),
    }));
  }
  const v = input.value;
  if (v?.weights) {
    s.value.weights = percents(v.weights, DEFAULT_SCORING_SETTINGS.value.weights, ['value', 'weights'], errors);
  }
  if (v?.tierShares) {
    s.value.tierShares = percents(v.tierShares, DEFAULT_SCORING_SETTINGS.value.tierShares, ['value', 'tierShares'], errors);
  }
  for (const p of v?.lifecyclePoints ?? []) s.value.lifecyclePoints[p.stage] = p.points;
  const pot = v?.potential;
  if (pot) {
    if (pot.weights) {
      s.value.potential.weights = percents(
        pot.weights,
        DEFAULT_SCORING_SETTINGS.value.potential.weights,
        ['value', 'potential', 'weights'],
        errors,
      );
    }
    s.value.potential.inquiryAmountForFull = pick(pot.inquiryAmountForFull, s.value.potential.inquiryAmountForFull);
    s.value.potential.inquiryFloor = pick(pot.inquiryFloor, s.value.potential.inquiryFloor);
    s.value.potential.growthWindowDays = pick(pot.growthWindowDays, s.value.potential.growthWindowDays);
    (pot.sizePoints ?? []).forEach((p, i) => {
      if (!(p.size in s.value.potential.sizePoints)) {
        errors.push(
          userError(
            ['input', 'value', 'potential', 'sizePoints', String(i), 'size'],
            say(
              `必须是以下之一：${Object.keys(s.value.potential.sizePoints).join('、')}`,
              `must be one of ${Object.keys(s.value.potential.sizePoints).join(', ')}`,
            ),
          ),
        );
      } else {
        s.value.potential.sizePoints[p.size as keyof typeof s.value.potential.sizePoints] = p.points;
      }
    });
  }
  const loy = v?.loyalty;
  if (loy) {
    if (loy.weights) {
      s.value.loyalty.weights = percents(
        loy.weights,
        DEFAULT_SCORING_SETTINGS.value.loyalty.weights,
        ['value', 'loyalty', 'weights'],
        errors,
      );
    }
    s.value.loyalty.tenureFullDays = pick(loy.tenureFullDays, s.value.loyalty.tenureFullDays);
    s.value.loyalty.repeatFullOrders = pick(loy.repeatFullOrders, s.value.loyalty.repeatFullOrders);
    s.value.loyalty.satisfactionNeutral = pick(loy.satisfactionNeutral, s.value.loyalty.satisfactionNeutral);
  }
  if (input.abc) {
    s.abc = percents(input.abc, DEFAULT_SCORING_SETTINGS.abc, ['abc'], errors);
  }
  if (input.membershipLevels)
    s.membership.levels = input.membershipLevels.map((l) => ({
      level: l.level as Exclude<typeof l.level, 'REGULAR'>,
      minSpend: l.minSpend,
    }));
  if (input.depth) {
    for (const [key, value] of Object.entries(input.depth)) {
      if (value != null) (s.depth as unknown as Record<string, number>)[key] = value;
    }
  }
  const t = input.trend;
  if (t) {
    s.trend.months = pick(t.months, s.trend.months);
    s.trend.volumeMeasure = pick(t.volumeMeasure, s.trend.volumeMeasure);
    s.trend.varietyDropMin = pick(t.varietyDropMin, s.trend.varietyDropMin);
    if (t.varietyDropShare != null) s.trend.varietyDropPercent = percent(t.varietyDropShare, ['trend', 'varietyDropShare'], errors);
    if (t.flatShare != null) s.trend.flatPercent = percent(t.flatShare, ['trend', 'flatShare'], errors);
  }
  return s;
}

function bounds(key: 'r' | 'f' | 'm', min: number | null | undefined, max: number | null | undefined) {
  return min == null && max == null ? {} : { [key]: [min ?? 0, max ?? 5] as [number, number] };
}
