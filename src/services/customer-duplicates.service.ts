import type { EntityManager } from '@mikro-orm/postgresql';
import { customerScopeSql } from '../domain/access/customer-scope.sql';
import { pgTextArray, sql, type SqlFragment } from '../domain/common/sql';
import { duplicateScore, emailsSql, NAME_SIMILARITY, nameCompanySql, phonesSql, type DuplicateReason } from '../domain/customer/duplicates';
import { checkPageArgs, decodeCursor, encodeCursor, type PageArgs } from '../lib/pagination';
import type { ConnectionResult } from '../lib/connection';
import { scopeFor } from './customer-scope';
import type { ServiceContext } from './service-context';

/** Another customer that may be the same person or company. */
export interface DuplicateCandidate {
  customerId: number;
  reasons: DuplicateReason[];
  /** 1 for a shared phone, email or WeChat id; else the name-and-company similarity. */
  score: number;
}

/** What a create or update found: the candidates the viewer may see, and how many it may not. */
export interface DuplicateCheck {
  candidates: DuplicateCandidate[];
  hiddenCount: number;
}

/** One customer with the candidates that follow it (by id) in the viewer's scope. */
export interface DuplicateGroup {
  customerId: number;
  candidates: DuplicateCandidate[];
}

/** Candidates shown with a create or update; the rest are counted. */
const CHECK_LIMIT = 10;
/** A phone, email or name shared by more customers than this (a switchboard) makes no pairs in the list. */
const MAX_GROUP = 50;

interface CandidateRow {
  id: number;
  visible: boolean;
  phone: boolean;
  email: boolean;
  wechat: boolean;
  similarity: number;
}

function candidateOf(r: CandidateRow): DuplicateCandidate {
  const reasons: DuplicateReason[] = [];
  if (r.phone) reasons.push('PHONE');
  if (r.email) reasons.push('EMAIL');
  if (r.wechat) reasons.push('WECHAT');
  if (r.similarity >= NAME_SIMILARITY) reasons.push('NAME_AND_COMPANY');
  return { customerId: r.id, reasons, score: duplicateScore(reasons, r.similarity) };
}

/**
 * Duplicate customers (issue 17 item 4, DOMAIN C6): the candidates of one customer, checked
 * in the transaction that creates or changes it, and the company's (or the viewer's scope's)
 * list of candidate groups.
 */
export class CustomerDuplicatesService {
  constructor(private readonly ctx: ServiceContext) {}

  /**
   * The active customers sharing a phone, an email or a WeChat id with customer `id`, or with
   * a similar name and company, most certain first. Run in the writing transaction (`em`),
   * so it sees the customer as written. Candidates outside the viewer's data scope are
   * counted, not shown.
   */
  async check(em: EntityManager, id: number): Promise<DuplicateCheck> {
    const scope = customerScopeSql(scopeFor(this.ctx.viewer), 'c');
    const statement = sql`
      with me as (
        select m.id, ${phonesSql('m')} as phones, ${emailsSql('m')} as emails, m.wechat_ids, ${nameCompanySql('m')} as nc
          from customer m where m.id = ${id}::int),
      found as (
        select c.id, (${scope}) as visible,
               (c.phone = any(me.phones) or c.phones && me.phones) as phone,
               (c.email = any(me.emails) or c.emails && me.emails) as email,
               (c.wechat_ids && me.wechat_ids) as wechat,
               similarity(${nameCompanySql('c')}, me.nc) as similarity
          from me join customer c on c.id <> me.id and c.archived_at is null
           and (c.phone = any(me.phones) or c.phones && me.phones or c.email = any(me.emails) or c.emails && me.emails
                or c.wechat_ids && me.wechat_ids or ${nameCompanySql('c')} % me.nc))
      select * from found
       where phone or email or wechat or similarity >= ${NAME_SIMILARITY}
       order by (phone or email or wechat) desc, similarity desc, id`;
    const rows = await em.execute<CandidateRow[]>(statement.sql, statement.params);
    const visible = rows.filter((r) => r.visible);
    return { candidates: visible.slice(0, CHECK_LIMIT).map(candidateOf), hiddenCount: rows.length - visible.length };
  }

  /**
   * Candidate groups in the viewer's data scope, by the customer with the smaller id: the
   * customers sharing a phone, an email or a WeChat id with it, or its name and company
   * exactly (ignoring case, spaces and punctuation). One pass over the active customers;
   * fuzzy names are the create and update check's (a company-wide trigram self-join is too
   * dear to list on demand).
   */
  async list(args: PageArgs, reasons: readonly DuplicateReason[] | null): Promise<ConnectionResult<DuplicateGroup>> {
    const { limit } = checkPageArgs({ ...args, last: null, before: null });
    const after = args.after ? decodeCursor(args.after, 'DUPLICATES', 'after') : 0;
    const pairs = this.pairsSql(reasons, after);
    const statement = sql`
      with pairs as (${pairs}),
      page as (select distinct a from pairs order by a limit ${limit + 1}::int)
      select p.a, p.b, p.reasons, similarity(${nameCompanySql('ca')}, ${nameCompanySql('cb')}) as similarity
        from pairs p join page on page.a = p.a
        join customer ca on ca.id = p.a join customer cb on cb.id = p.b
       order by p.a, p.b`;
    const rows = await this.ctx.em.execute<Array<{ a: number; b: number; reasons: DuplicateReason[] | string; similarity: number }>>(
      statement.sql,
      statement.params,
    );
    const groups = new Map<number, DuplicateCandidate[]>();
    for (const r of rows) {
      const list = groups.get(r.a) ?? [];
      const reasonList = (Array.isArray(r.reasons) ? r.reasons : r.reasons.replace(/^\{|\}$/g, '').split(',')) as DuplicateReason[];
      list.push({ customerId: r.b, reasons: reasonList, score: duplicateScore(reasonList, r.similarity) });
      groups.set(r.a, list);
    }
    const all = [...groups.entries()].map(([customerId, candidates]) => ({ customerId, candidates }));
    const page = all.slice(0, limit);
    const edges = page.map((g) => ({ cursor: encodeCursor('DUPLICATES', g.customerId), node: g }));
    let total: Promise<number> | undefined;
    const count = async () => {
      const every = this.pairsSql(reasons, 0);
      const [row] = await this.ctx.em.execute<Array<{ n: number }>>(
        `select count(distinct a)::int as n from (${every.sql}) p`,
        every.params,
      );
      return row.n;
    };
    return {
      edges,
      nodes: page,
      pageInfo: {
        hasNextPage: all.length > limit,
        hasPreviousPage: after > 0,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges[edges.length - 1]?.cursor ?? null,
      },
      get totalCount(): Promise<number> {
        total ??= count();
        return total;
      },
    };
  }

  /** Pairs (a < b, a after `afterId`) with their reasons, in the viewer's scope: one pass over the active customers. */
  private pairsSql(reasons: readonly DuplicateReason[] | null, afterId: number): SqlFragment {
    const scope = customerScopeSql(scopeFor(this.ctx.viewer), 'c');
    const wanted = reasons?.length ? [...reasons] : ['PHONE', 'EMAIL', 'WECHAT', 'NAME_AND_COMPANY'];
    return sql`
      with k as (
        select c.id, r.reason, r.value
          from customer c
          cross join lateral (
            select 'PHONE' as reason, v as value from unnest(${phonesSql('c')}) v
            union all select 'EMAIL', v from unnest(${emailsSql('c')}) v
            union all select 'WECHAT', v from unnest(c.wechat_ids) v
            union all select 'NAME_AND_COMPANY', regexp_replace(lower(${nameCompanySql('c')}), '[[:space:][:punct:]]', '', 'g')) r
         where c.archived_at is null and (${scope}) and r.reason = any(${pgTextArray(wanted)}::text[])),
      g as (select reason, array_agg(distinct id) as ids from k group by reason, value having count(distinct id) between 2 and ${MAX_GROUP}::int)
      select a.id as a, b.id as b, array_agg(distinct g.reason order by g.reason) as reasons
        from g cross join unnest(g.ids) a(id) cross join unnest(g.ids) b(id)
       where a.id < b.id and a.id > ${afterId}::int
       group by a.id, b.id`;
  }
}
