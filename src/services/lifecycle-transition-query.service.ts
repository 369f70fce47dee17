import { checkTransitionQuery, historyBasisKey, type TransitionQuery } from '../domain/reports/lifecycle-transitions';
import type { LifecycleStage } from '../domain/scoring/scoring.enums';
import { customerScopeSql } from '../domain/segments/segment.sql';
import { scopeFor } from './customer-scope';
import { heavyRead } from './read-routing';
import type { ScoringService } from './scoring.service';
import type { ServiceContext } from './service-context';

export interface TransitionRow {
  from: LifecycleStage;
  to: LifecycleStage;
  count: number;
  /** DEPARTMENT: the department id; SALESPERSON: the owner's user id; null otherwise or when the customer has none. */
  groupId: number | null;
  /** MONTH: `YYYY-MM`; DEPARTMENT / SALESPERSON: its name; null for NONE or none. */
  groupLabel: string | null;
}

export interface TransitionReport {
  rows: TransitionRow[];
  total: number;
  /** The day of the last complete pass of the history job under today's rules; null before it (the back-fill) ends. */
  historyThrough: string | null;
}

const GROUPS = {
  NONE: { id: 'null::int', label: 'null::text', join: '' },
  DEPARTMENT: { id: 'c.department_id', label: 'd.name', join: 'left join department d on d.id = c.department_id' },
  SALESPERSON: { id: 'c.owner_id', label: 'u.name', join: 'left join app_user u on u.id = c.owner_id' },
  MONTH: { id: 'null::int', label: `to_char(t."on", 'YYYY-MM')`, join: '' },
} as const;

/**
 * Stage moves in a period (DOMAIN L2, L4, A3), counted over the stored history
 * (`lifecycle_transition`, kept by the lifecycle history job): moves on company days `since`
 * to `until` (both included) of the active customers of the viewer's data scope, by move and
 * by the group: the customer's current department or owner, or the month of the move. Two
 * statements: the rules (once per request, shared) and the counts with the basis row.
 */
export class LifecycleTransitionQueryService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly scoring: ScoringService,
  ) {}

  async report(query: TransitionQuery): Promise<TransitionReport> {
    checkTransitionQuery(query);
    const state = await this.scoring.current();
    const key = historyBasisKey(state.settings.lifecycle, this.ctx.config.companyTimeZone);
    const group = GROUPS[query.groupBy];
    const scope = customerScopeSql(scopeFor(this.ctx.viewer));
    const params: unknown[] = [key, query.since, query.until];
    let stages = '';
    if (query.from.length > 0) {
      stages += ' and t.from_stage in (?)';
      params.push([...query.from]);
    }
    if (query.to.length > 0) {
      stages += ' and t.to_stage in (?)';
      params.push([...query.to]);
    }
    type Row = {
      from_stage: LifecycleStage | null;
      to_stage: LifecycleStage | null;
      group_id: number | null;
      group_label: string | null;
      n: number | null;
      through: string | null;
    };
    const rows = await heavyRead(this.ctx, (em) =>
      em.execute<Row[]>(
        `with b as (select (filled_through)::text as through from lifecycle_history_basis where id = 1 and basis_key = ?),
       m as (
         select t.from_stage, t.to_stage, ${group.id} as group_id, ${group.label} as group_label, count(*)::int as n
           from lifecycle_transition t
           join customer c on c.id = t.customer_id
           ${group.join}
          where t."on" between ?::date and ?::date${stages}
            and c.archived_at is null and (${scope.sql})
          group by 1, 2, 3, 4)
       select m.*, (select through from b) as through from m
       union all
       select null, null, null, null, null, (select through from b) where not exists (select 1 from m)
       order by 4 nulls first, 3 nulls first, 1, 2`,
        [...params, ...scope.params],
      ),
    );
    const moves = rows.filter((r) => r.from_stage != null);
    const report: TransitionReport = {
      rows: moves.map((r) => ({
        from: r.from_stage!,
        to: r.to_stage!,
        count: Number(r.n),
        groupId: r.group_id,
        groupLabel: r.group_label,
      })),
      total: moves.reduce((s, r) => s + Number(r.n), 0),
      historyThrough: rows[0]?.through ?? null,
    };
    return report;
  }
}
