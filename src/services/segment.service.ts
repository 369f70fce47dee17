import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { decideAccess } from '../domain/access/viewer';
import { joinSaid, say } from '../domain/common/bilingual';
import { RequestError, userError, UserInputFailure, type UserErrorData } from '../domain/common/domain-error';
import type { SqlFragment } from '../domain/common/sql';
import { SEGMENT_LIMITS, type SegmentNode } from '../domain/segments/segment-ast';
import { segmentFilterToAst, SegmentFilterError, type SegmentFilterInput } from '../domain/segments/segment-input';
import { parseSegment, SegmentParseError, segmentToText } from '../domain/segments/segment-parser';
import { customerScopeSql, segmentCountSql, segmentNeeds, segmentPageSql, type SegmentSqlContext } from '../domain/segments/segment.sql';
import { readModel } from '../db/read-model';
import { Customer, Segment, User } from '../entities';
import type { ConnectionResult } from '../lib/connection';
import type { Checked } from './checked';
import { CustomerQueryService } from './customer-query.service';
import { catalogueErrors } from './segment-catalogue';
import { scopeFor } from './customer-scope';
import type { GivenId } from './given-id';
import { checkPageArgs, decodeCursor, encodeCursor, pageConnection, paginate, type PageArgs } from '../lib/pagination';
import type { ScoringService } from './scoring.service';
import { actingUserId, type ServiceContext } from './service-context';
import { inTransaction, type Result } from './transaction';
import { failIfAny } from './validate-input';
import { limitEvaluation } from './evaluation-limit';
import { MarketingCapReader, type EligibleFor } from './marketing-cap';
import { heavyRead } from './read-routing';

/** The rule of a segment: its tree and its text (as written, or canonical when given as a typed filter). */
export interface SegmentRule {
  node: SegmentNode;
  text: string;
}

/** Anything whose members can be asked for: a saved segment or a preview. */
export interface SegmentTarget {
  rule: SegmentRule;
}

export interface SegmentCreateCommand extends Checked {
  name: string;
  description?: string | null;
  query?: string | null;
  filter?: SegmentFilterInput | null;
}

/** Absent fields stay as they are; `name: null` is refused; giving `query` or `filter` replaces the rule. */
export interface SegmentUpdateCommand extends Checked {
  segment: GivenId;
  expectedVersion?: number | null;
  name?: string | null;
  description?: string | null;
  query?: string | null;
  filter?: SegmentFilterInput | null;
}

export interface SegmentDeleteCommand {
  segment: GivenId;
  expectedVersion?: number | null;
}

/** Cursor key of member lists: members are ordered by customer id. */
const MEMBER_CURSOR = 'MEMBER';

/** A text query that does not parse: BAD_USER_INPUT with the position and what was expected there. */
function parseFailure(error: SegmentParseError, argument: string): RequestError {
  const reason = error.reason;
  const at = say(`${argument}：第 ${error.line} 行第 ${error.column} 列`, `${argument}: line ${error.line}, column ${error.column}`);
  return new RequestError('BAD_USER_INPUT', say(`${at.zh}：${reason.zh}`, `${at.en}: ${reason.en}`), {
    line: error.line,
    column: error.column,
    expected: error.expected,
    found: error.found,
  });
}

/**
 * The rule given as exactly one of a text `query` and a typed `filter`. A query that does
 * not parse throws (BAD_USER_INPUT, as the issue asks); a typed filter that breaks the
 * catalogue's rules comes back as user errors under `path`.
 */
export function segmentRuleOf(
  query: string | null | undefined,
  filter: SegmentFilterInput | null | undefined,
  path: string[],
  argumentName = 'query',
): { rule: SegmentRule } | { errors: UserErrorData[] } {
  if ((query == null) === (filter == null)) {
    return {
      errors: [
        userError(
          path,
          say('query 和 filter 必须且只能给出一个', 'give exactly one of query and filter'),
          query == null ? 'REQUIRED' : 'INVALID',
        ),
      ],
    };
  }
  if (query != null) {
    const text = query.trim();
    if (text.length === 0) return { errors: [userError([...path, 'query'], say('query 为空', 'the query is empty'), 'REQUIRED')] };
    if (text.length > SEGMENT_LIMITS.textLength) {
      return {
        errors: [
          userError(
            [...path, 'query'],
            say(`最多 ${SEGMENT_LIMITS.textLength} 个字符`, `at most ${SEGMENT_LIMITS.textLength} characters`),
            'TOO_LONG',
          ),
        ],
      };
    }
    try {
      return { rule: { node: parseSegment(text), text } };
    } catch (error) {
      if (error instanceof SegmentParseError) throw parseFailure(error, argumentName);
      throw error;
    }
  }
  try {
    const node = segmentFilterToAst(filter as SegmentFilterInput);
    return { rule: { node, text: segmentToText(node) } };
  } catch (error) {
    if (error instanceof SegmentFilterError) {
      return { errors: error.problems.map((p) => userError([...path, 'filter', ...p.path], p.message)) };
    }
    throw error;
  }
}

/**
 * Saved segments (DOMAIN G1) and their members, always evaluated on demand within the
 * viewer's data scope: a count is one statement, a page of members one statement for the
 * ids and one for the customers (through the customers' read model).
 */
const SEGMENTS_UNSCORED = { scoringUnchanged: 'saved segments are not read by the scoring population' };

export class SegmentService {
  /** Per target, per eligibility (`''` for none): the count, once per request. */
  private readonly counts = new WeakMap<object, Map<string, Promise<number>>>();
  private sqlContext?: Map<boolean, Promise<SegmentSqlContext>>;
  private readonly marketingCap: MarketingCapReader;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly scoring: ScoringService,
  ) {
    this.marketingCap = new MarketingCapReader(ctx);
  }

  /** The rule of a saved segment. */
  static ruleOf(segment: Segment): SegmentRule {
    return { node: segment.filter, text: segment.queryText ?? segmentToText(segment.filter) };
  }

  list(args: PageArgs) {
    const em = this.ctx.em;
    return paginate({
      em,
      base: em.getKnex().from('segment as s').select('s.*').whereNull('s.deleted_at'),
      idColumn: 's.id',
      sort: { key: 'CREATED_AT', column: 's.created_at' },
      reverse: true,
      args,
      toNodes: (rows: Array<Record<string, unknown>>) => rows.map(readModel(em, Segment)),
    });
  }

  async byIds(localIds: readonly number[]): Promise<Array<Segment | null>> {
    if (localIds.length === 0) return [];
    const em = this.ctx.em;
    const rows: Array<Record<string, unknown> & { id: number }> = await em.execute(
      'select * from segment where id in (?) and deleted_at is null',
      [[...localIds]],
    );
    const read = readModel(em, Segment);
    const byId = new Map(rows.map((r) => [r.id, read(r)]));
    return localIds.map((id) => byId.get(id) ?? null);
  }

  /** The segment, or null when there is none (or `id` is null: not a segment's id). */
  async byId(id: number | null): Promise<Segment | null> {
    return id ? ((await this.byIds([id]))[0] ?? null) : null;
  }

  create(input: SegmentCreateCommand): Promise<Result<'segment', Segment>> {
    return inTransaction(
      this.ctx,
      'segment',
      async (em) => {
        const errors = [...input.invalid];
        const ruled = segmentRuleOf(input.query, input.filter, ['input']);
        if ('errors' in ruled) errors.push(...ruled.errors);
        else errors.push(...(await this.catalogueErrors(em, ruled.rule, input.query != null)));
        failIfAny(errors);
        const rule = (ruled as { rule: SegmentRule }).rule;
        const name = input.name.trim();
        await this.checkNameFree(em, name, null);
        const now = this.ctx.now();
        const by = actingUserId(this.ctx);
        const segment = em.create(Segment, {
          name,
          description: input.description?.trim() || null,
          queryText: rule.text,
          filter: rule.node,
          createdBy: by == null ? null : em.getReference(User, by),
          updatedBy: by == null ? null : em.getReference(User, by),
          createdAt: now,
          updatedAt: now,
        });
        await this.flushNamed(em, name);
        return segment;
      },
      SEGMENTS_UNSCORED,
    );
  }

  update(input: SegmentUpdateCommand): Promise<Result<'segment', Segment>> {
    return inTransaction(
      this.ctx,
      'segment',
      async (em) => {
        const errors = [...input.invalid];
        if (input.name === null) errors.push(userError(['input', 'name'], say('name 不能为 null', 'name cannot be null'), 'REQUIRED'));
        let rule: SegmentRule | null = null;
        if (input.query != null || input.filter != null) {
          const ruled = segmentRuleOf(input.query, input.filter, ['input']);
          if ('errors' in ruled) errors.push(...ruled.errors);
          else {
            rule = ruled.rule;
            errors.push(...(await this.catalogueErrors(em, rule, input.query != null)));
          }
        }
        failIfAny(errors);
        const segment = await this.lockEditable(em, input.segment, input.expectedVersion);
        if (input.name != null) {
          const name = input.name.trim();
          if (name.toLowerCase() !== segment.name.toLowerCase()) await this.checkNameFree(em, name, segment.id);
          segment.name = name;
        }
        if (input.description !== undefined) segment.description = input.description?.trim() || null;
        if (rule) {
          segment.queryText = rule.text;
          segment.filter = rule.node;
        }
        const by = actingUserId(this.ctx);
        segment.updatedBy = by == null ? null : em.getReference(User, by);
        segment.updatedAt = this.ctx.now();
        segment.version += 1;
        await this.flushNamed(em, segment.name);
        return segment;
      },
      SEGMENTS_UNSCORED,
    );
  }

  /** Marks the segment deleted; the result holds the segment deleted. */
  delete(input: SegmentDeleteCommand): Promise<Result<'segment', Segment>> {
    return inTransaction(
      this.ctx,
      'segment',
      async (em) => {
        const segment = await this.lockEditable(em, input.segment, input.expectedVersion);
        segment.deletedAt = this.ctx.now();
        await em.flush();
        return segment;
      },
      SEGMENTS_UNSCORED,
    );
  }

  /**
   * The rule of a preview: BAD_USER_INPUT for a query that does not parse, a filter that
   * breaks the rules, or a product or category that does not exist.
   */
  async previewRule(query: string | null | undefined, filter: SegmentFilterInput | null | undefined): Promise<SegmentRule> {
    const ruled = segmentRuleOf(query, filter, [], 'query');
    const errors = 'rule' in ruled ? await this.catalogueErrors(this.ctx.em, ruled.rule, query != null, []) : ruled.errors;
    if ('rule' in ruled && errors.length === 0) return ruled.rule;
    const said = errors.map((e) => {
      const at = e.field.join('.');
      return at ? say(`${at}：${e.message.zh}`, `${at}: ${e.message.en}`) : e.message;
    });
    throw new RequestError('BAD_USER_INPUT', joinSaid(said));
  }

  /** The rule's products and categories that do not exist, as user errors at the query or the filter (segment-catalogue.ts). */
  private catalogueErrors(em: EntityManager, rule: SegmentRule, asQuery: boolean, path = ['input']): Promise<UserErrorData[]> {
    return catalogueErrors(em, rule.node, [...path, asQuery ? 'query' : 'filter']);
  }

  /**
   * How many customers of the viewer's scope the target selects (only those eligible for a
   * channel and purpose, with `eligibleFor`); one statement, once per request, target and
   * eligibility, under the viewer's evaluation limit.
   */
  count(target: SegmentTarget, eligibleFor: EligibleFor | null = null): Promise<number> {
    let byEligibility = this.counts.get(target);
    if (!byEligibility) {
      byEligibility = new Map();
      this.counts.set(target, byEligibility);
    }
    const key = eligibleFor ? `${eligibleFor.channel}|${eligibleFor.purpose}` : '';
    let count = byEligibility.get(key);
    if (!count) {
      count = (async () => {
        const restrict = await this.eligibility(eligibleFor);
        const { sql, params } = segmentCountSql(target.rule.node, await this.sqlContextFor(target.rule.node), this.scope(), restrict);
        const [row] = await limitEvaluation(this.ctx, () => heavyRead(this.ctx, (em) => em.execute(sql, params)));
        return Number((row as { n: number | string }).n);
      })();
      byEligibility.set(key, count);
    }
    return count;
  }

  /** The marketing eligibility condition over `customer c` (marketing-eligibility.sql.ts), or none. */
  eligibility(eligibleFor: EligibleFor | null): Promise<SqlFragment | undefined> {
    return eligibleFor ? this.marketingCap.predicate(eligibleFor) : Promise.resolve(undefined);
  }

  /**
   * A page of members by customer id: one statement for the ids, one for the customers. With
   * `eligibleFor`, only the members who may be touched on that channel for that purpose now
   * (and `totalCount` counts those).
   */
  async members(target: SegmentTarget, args: PageArgs, eligibleFor: EligibleFor | null = null): Promise<ConnectionResult<Customer>> {
    const { limit, backward } = checkPageArgs(args);
    const afterId = args.after ? decodeCursor(args.after, MEMBER_CURSOR, 'after') : null;
    const beforeId = args.before ? decodeCursor(args.before, MEMBER_CURSOR, 'before') : null;
    let ids: number[] = [];
    let hasMore = false;
    if (limit > 0) {
      const node = target.rule.node;
      const restrict = await this.eligibility(eligibleFor);
      const page = { limit: limit + 1, afterId, beforeId, backward };
      const { sql, params } = segmentPageSql(node, await this.sqlContextFor(node), this.scope(), page, restrict);
      const rows: Array<Record<string, unknown>> = await limitEvaluation(this.ctx, () =>
        heavyRead(this.ctx, (em) => em.execute(sql, params)),
      );
      ids = rows.map(idOfRow);
      hasMore = ids.length > limit;
      ids = ids.slice(0, limit);
      if (backward) ids.reverse();
    }
    // The members' profiles by id on the primary: light, and current.
    const customers = ids.length ? (await new CustomerQueryService(this.ctx).byIds(ids)).filter((c): c is Customer => c != null) : [];
    const edges = customers.map((node) => ({ cursor: encodeCursor(MEMBER_CURSOR, node.id), node }));
    return pageConnection(edges, { hasMore, backward, cursorGiven: (backward ? beforeId : afterId) != null }, () =>
      this.count(target, eligibleFor),
    );
  }

  /**
   * Up to `limit` member ids of the viewer's scope, by id: one statement, under the viewer's
   * evaluation limit. For writes about a segment's members, so on the primary, never a replica.
   */
  async memberIds(target: SegmentTarget, limit: number): Promise<number[]> {
    const node = target.rule.node;
    const { sql, params } = segmentPageSql(node, await this.sqlContextFor(node), this.scope(), { limit, afterId: null });
    const rows: Array<Record<string, unknown>> = await limitEvaluation(this.ctx, () => this.ctx.em.execute(sql, params));
    return rows.map(idOfRow);
  }

  /** The data scope of the viewer as a condition over `customer c`. */
  scope(): SqlFragment {
    return customerScopeSql(scopeFor(this.ctx.viewer));
  }

  /** What the compiler needs: the rules and today, and the cut-points only when a rank-based score is used. */
  sqlContextFor(node: SegmentNode): Promise<SegmentSqlContext> {
    const withPopulation = segmentNeeds(node).population;
    this.sqlContext ??= new Map();
    let context = this.sqlContext.get(withPopulation);
    if (!context) {
      context = (async () => ({
        scoring: await this.scoring.sqlInput(),
        population: withPopulation ? await this.scoring.population() : null,
        // A salesperson's own customers are few: score them alone (see SegmentSqlContext).
        scoreWithinScope: scopeFor(this.ctx.viewer).kind === 'owner',
      }))();
      this.sqlContext.set(withPopulation, context);
    }
    return context;
  }

  /**
   * The segment, locked, when the viewer may change it: an admin any; other staff the
   * segments they created; a partner key those created by API keys.
   */
  private async lockEditable(em: EntityManager, ref: GivenId, expectedVersion: number | null | undefined): Promise<Segment> {
    const id = ref.id;
    const [row] = id ? await em.execute('select * from segment where id = ? and deleted_at is null for update', [id]) : [];
    if (!row)
      throw new UserInputFailure([
        userError(['input', 'id'], say(`没有 id 为“${ref.raw}”的客户分群`, `no segment with id "${ref.raw}"`), 'NOT_FOUND'),
      ]);
    const segment = em.map(Segment, row);
    const viewer = this.ctx.viewer;
    const creator = (row as { created_by_id: number | null }).created_by_id;
    const allowed =
      viewer?.kind === 'partner'
        ? creator == null && decideAccess(viewer, { scope: 'segments:write' }) === 'ALLOWED'
        : viewer?.role === 'ADMIN' || creator === viewer?.userId;
    if (!allowed) {
      throw new UserInputFailure([
        userError(
          ['input', 'id'],
          viewer?.kind === 'partner'
            ? say('API 密钥只能修改由 API 密钥创建的客户分群', 'an API key may only change segments made with an API key')
            : say('只有创建者或管理员可以修改该客户分群', 'only its creator or an admin may change this segment'),
          'FORBIDDEN',
        ),
      ]);
    }
    if (expectedVersion != null && expectedVersion !== segment.version) {
      throw new UserInputFailure([
        userError(
          ['input', 'expectedVersion'],
          say(
            `该客户分群在版本 ${expectedVersion} 之后已被修改，当前为版本 ${segment.version}`,
            `the segment changed since version ${expectedVersion}; it is now at version ${segment.version}`,
          ),
          'CONFLICT',
        ),
      ]);
    }
    return segment;
  }

  private async checkNameFree(em: EntityManager, name: string, exceptId: number | null): Promise<void> {
    const [taken] = await em.execute('select id from segment where lower(name) = lower(?) and deleted_at is null and id <> ?', [
      name,
      exceptId ?? 0,
    ]);
    if (taken) throw nameTaken(name);
  }

  /** Flushes; losing a race on the name's unique index is the same TAKEN user error. */
  private async flushNamed(em: EntityManager, name: string): Promise<void> {
    try {
      await em.flush();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw nameTaken(name);
      throw error;
    }
  }
}

function nameTaken(name: string): UserInputFailure {
  return new UserInputFailure([
    userError(['input', 'name'], say(`已有名为“${name}”的客户分群`, `a segment named "${name}" exists already`), 'TAKEN'),
  ]);
}

function idOfRow(row: Record<string, unknown>): number {
  return Number(row.id ?? row.customer_id);
}
