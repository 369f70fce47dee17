import { readModel } from '../db/read-model';
import { say } from '../domain/common/bilingual';
import { RequestError } from '../domain/common/domain-error';
import {
  DEFAULT_PROSPECT_RANKING_RULES,
  rankProspect,
  type ProspectRanking,
  type ProspectRankingRules,
} from '../domain/segments/prospect-ranking';
import { prospectCountSql, prospectFactsFromRow, prospectRankingPageSql, sqlPointsFromRow } from '../domain/segments/prospect-ranking.sql';
import { Customer } from '../entities';
import type { ConnectionResult } from '../lib/connection';
import { customerScopeSql } from '../domain/segments/segment.sql';
import { scopeFor } from './customer-scope';
import { fromOpaque, localIdFromText, toOpaque } from '../domain/common/global-id';
import { checkPageArgs, forwardConnection } from '../lib/pagination';
import type { ScoringService } from './scoring.service';
import type { ServiceContext } from './service-context';
import { limitEvaluation } from './evaluation-limit';

export interface RankedProspect {
  customer: Customer;
  ranking: ProspectRanking;
  /** The points the SQL statement ranked by (the same as `ranking`'s; tests compare them). */
  sqlPoints: { urgency: number; quickResults: number; budgetFit: number; score100: number };
}

const CURSOR_KEY = 'PROSPECT_RANK';

/** A cursor holds the position in the order: score × 100 and customer id. */
export function encodeRankCursor(score100: number, customerId: number): string {
  return toOpaque(`${CURSOR_KEY}:${score100}:${customerId}`);
}

export function decodeRankCursor(cursor: string): { score100: number; customerId: number } {
  const [key, score, id] = fromOpaque(cursor).split(':');
  const customerId = localIdFromText(id);
  if (key !== CURSOR_KEY || !/^\d{1,5}$/.test(score ?? '') || customerId == null) {
    throw new RequestError(
      'BAD_USER_INPUT',
      say(`after：“${cursor}”不是 prospectRanking 的游标`, `after: "${cursor}" is not a cursor of prospectRanking`),
    );
  }
  return { score100: Number(score), customerId };
}

/**
 * Prospect ranking (DOMAIN G2): the prospects of the viewer's data scope, best first. A page
 * is one statement (the ranking and the customers' columns); the reasons come from the
 * TypeScript evaluator over the same facts.
 */
export class ProspectRankingService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly scoring: ScoringService,
    private readonly rules: ProspectRankingRules = DEFAULT_PROSPECT_RANKING_RULES,
  ) {}

  async page(args: { first?: number | null; after?: string | null }): Promise<ConnectionResult<RankedProspect>> {
    const { limit } = checkPageArgs({ first: args.first });
    const after = args.after ? decodeRankCursor(args.after) : null;
    const input = await this.scoring.sqlInput();
    const scope = customerScopeSql(scopeFor(this.ctx.viewer));
    const em = this.ctx.em;
    let rows: Array<Record<string, unknown>> = [];
    if (limit > 0) {
      const { sql, params } = prospectRankingPageSql(input, this.rules, scope, { limit: limit + 1, after });
      rows = await limitEvaluation(this.ctx, () => em.execute(sql, params));
    }
    const hasMore = rows.length > limit;
    const read = readModel(em, Customer);
    const nodes: RankedProspect[] = rows.slice(0, limit).map((row) => ({
      customer: read(row),
      ranking: rankProspect(prospectFactsFromRow(row), this.rules, input.today),
      sqlPoints: sqlPointsFromRow(row),
    }));
    const edges = nodes.map((node) => ({ cursor: encodeRankCursor(node.sqlPoints.score100, node.customer.id), node }));
    return forwardConnection(edges, hasMore, Boolean(args.after), async () => {
      const count = prospectCountSql(input, scope);
      return Number((await limitEvaluation(this.ctx, () => em.execute(count.sql, count.params)))[0].n);
    });
  }
}
