import { calendarDayIn } from '../domain/common/calendar';
import type { CustomerFacts, ScoringPopulation } from '../domain/scoring/customer-facts';
import { customerFactsSql, factsFromRow, type ScoringSqlInput } from '../domain/scoring/customer-facts.sql';
import { scoreCustomer, type CustomerScores } from '../domain/scoring/customer-scores';
import { evaluateTrend, type TrendResult } from '../domain/scoring/trend';
import { trendFactsFromRows, trendFactsSql } from '../domain/scoring/trend.sql';
import { populationFromRow, populationSql } from '../domain/scoring/population.sql';
import { storedFactsFor } from './customer-facts-basis';
import { populationCacheFor } from './scoring-population.cache';
import { currentRead } from './read-routing';
import { readScoringState, type ScoringState } from './scoring-settings.service';
import type { ServiceContext } from './service-context';

export interface ScoredCustomer {
  facts: CustomerFacts;
  scores: CustomerScores;
  today: string;
}

/**
 * Scores computed when asked (DOMAIN L1, S1–S8): the rules and versions are read once per
 * request, the company-wide cut-points come from the population cache, and a page of
 * customers costs one statement for their figures (and one for their trends).
 */
export class ScoringService {
  private state?: Promise<ScoringState>;

  constructor(private readonly ctx: ServiceContext) {}

  current(): Promise<ScoringState> {
    this.state ??= readScoringState(this.ctx.em);
    return this.state;
  }

  today(): string {
    return calendarDayIn(this.ctx.now(), this.ctx.config.companyTimeZone);
  }

  /** The rules, today and the time zone, and the stored facts when they were computed under these rules (customer-facts.service.ts). */
  async sqlInput(): Promise<ScoringSqlInput> {
    const state = await this.current();
    const timeZone = this.ctx.config.companyTimeZone;
    return { settings: state.settings, today: this.today(), timeZone, storedFacts: storedFactsFor(state, timeZone) };
  }

  async population(): Promise<ScoringPopulation> {
    const state = await this.current();
    const input = await this.sqlInput();
    const key = `${state.dataVersion}|${state.settingsVersion}|${input.today}`;
    const database = String(this.ctx.em.config.get('clientUrl') ?? this.ctx.em.config.get('dbName'));
    const cache = populationCacheFor(database, this.ctx.config.scoringPopulationMaxStaleSeconds * 1000);
    return cache.get(
      key,
      async () => {
        const { sql, params } = populationSql(input);
        // Over every active customer: from the stored facts ~8 s on 1,000,000 customers; from the
        // records (before the facts job has filled them) ~20 s, past the API's per-statement
        // time-out, so it runs in a read-only transaction with a time-out of its own. Cached for
        // every viewer under the primary's versions, so a replica computes it only once it holds
        // every commit the primary has now (`currentRead`).
        const row = await currentRead(this.ctx, (on) =>
          on.fork().transactional(
            async (em) => {
              await em.execute(`select set_config('statement_timeout', ?, true)`, [String(this.ctx.config.scoringPopulationTimeoutMs)]);
              return (await em.execute(sql, params))[0];
            },
            { readOnly: true },
          ),
        );
        return populationFromRow(row);
      },
      this.ctx.now().getTime(),
    );
  }

  /** Figures and scores of the given customers; absent ids are missing from the map. */
  async score(ids: readonly number[]): Promise<Map<number, ScoredCustomer>> {
    const input = await this.sqlInput();
    const { sql, params } = customerFactsSql(input, { ids });
    const [rows, population] = await Promise.all([this.ctx.em.execute(sql, params), this.population()]);
    const result = new Map<number, ScoredCustomer>();
    for (const row of rows) {
      const facts = factsFromRow(row);
      result.set(facts.customerId, { facts, scores: scoreCustomer(facts, population, input.settings, input.today), today: input.today });
    }
    return result;
  }

  async trends(ids: readonly number[]): Promise<Map<number, TrendResult>> {
    const input = await this.sqlInput();
    const { sql, params } = trendFactsSql(input, ids);
    const facts = trendFactsFromRows(await this.ctx.em.execute(sql, params), ids, input);
    return new Map(ids.map((id) => [id, evaluateTrend(facts.get(id)!, input.settings.trend)]));
  }
}
