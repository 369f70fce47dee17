import type { EntityManager } from '@mikro-orm/postgresql';
import { customerScopeSql } from '../domain/access/customer-scope.sql';
import { searchTextOf } from '../domain/customer/contact';
import { say } from '../domain/common/bilingual';
import { userError, UserInputFailure, type UserErrorData } from '../domain/common/domain-error';
import { pgArray, sql } from '../domain/common/sql';
import { Customer } from '../entities';
import { scopeFor } from './customer-scope';
import { refreshCustomerStats } from './customer-stats.service';
import type { GivenId } from './given-id';
import { claimIdempotencyKey, recordIdempotentResult } from './idempotency';
import type { ServiceContext } from './service-context';
import { inTransaction, type Result } from './transaction';

/** Profile fields a merge may take from a source instead of the target (`fieldChoices`). */
export const MERGE_FIELDS = {
  name: 'name',
  companyName: 'companyName',
  phone: 'phone',
  email: 'email',
  birthday: 'birthday',
  gender: 'gender',
  province: 'province',
  city: 'city',
  industry: 'industry',
  occupation: 'occupation',
  source: 'source',
  notes: 'notes',
} as const satisfies Record<string, keyof Customer>;
export type MergeField = keyof typeof MERGE_FIELDS;

export interface CustomerMergeCommand {
  target: GivenId;
  sources: GivenId[];
  fieldChoices: Array<{ field: string; source: GivenId }>;
  idempotency?: { key: string; hash: string } | null;
}

/** The tables whose rows belong to one customer and move to the target. */
const MOVED = ['sales_order', 'payment', 'follow_up', 'inquiry', 'service_case', 'customer_assignment', 'marketing_touch'] as const;
const MAX_SOURCES = 10;

/**
 * Merges duplicate customers (issue 17 item 4, DOMAIN C6) in one transaction, the customers
 * locked in id order: the sources' orders, payments, follow-ups, inquiries, service cases,
 * assignments, marketing touches and reminder states move to the target; their phones,
 * emails, WeChat ids, tags and custom field values join the target's (the target's own
 * values win, unless `fieldChoices` names a source for a field); the sources stay as
 * archived tombstones whose ids resolve to the target; the figures are recomputed. The
 * change history records every moved row and the tombstones; webhooks send CUSTOMER_MERGED.
 * Only customers in the viewer's data scope can be merged (the resolver allows admins and
 * managers).
 */
export class CustomerMergeService {
  constructor(private readonly ctx: ServiceContext) {}

  merge(cmd: CustomerMergeCommand): Promise<Result<'customer', Customer>> {
    return inTransaction(this.ctx, 'customer', async (em) => {
      const errors: UserErrorData[] = [];
      const sourceIds = cmd.sources.map((s) => s.id);
      if (cmd.sources.length === 0 || cmd.sources.length > MAX_SOURCES) {
        errors.push(
          userError(
            ['input', 'sourceIds'],
            say(`请给出 1 到 ${MAX_SOURCES} 个要合并到目标客户的客户`, `give 1 to ${MAX_SOURCES} customers to merge into the target`),
          ),
        );
      }
      if (cmd.target.id != null && sourceIds.includes(cmd.target.id)) {
        errors.push(userError(['input', 'sourceIds'], say('目标客户不能同时是被合并的客户', 'the target cannot also be a source')));
      }
      if (new Set(sourceIds).size !== sourceIds.length)
        errors.push(userError(['input', 'sourceIds'], say('有客户重复出现', 'a customer is given twice')));
      cmd.fieldChoices.forEach((choice, i) => {
        if (!Object.hasOwn(MERGE_FIELDS, choice.field)) {
          errors.push(
            userError(
              ['input', 'fieldChoices', String(i), 'field'],
              say(
                `未知字段；可选：${Object.keys(MERGE_FIELDS).join('、')}`,
                `unknown field; one of ${Object.keys(MERGE_FIELDS).join(', ')}`,
              ),
            ),
          );
        }
        if (choice.source.id == null || !sourceIds.includes(choice.source.id)) {
          errors.push(
            userError(['input', 'fieldChoices', String(i), 'sourceId'], say('必须是 sourceIds 中的一个', 'must be one of sourceIds')),
          );
        }
      });
      if (errors.length) throw new UserInputFailure(errors);

      const key = cmd.idempotency?.key;
      if (key) {
        const claim = await claimIdempotencyKey(em, this.ctx.viewer, 'customerMerge', key, cmd.idempotency!.hash);
        if (claim.kind === 'replay') return em.findOneOrFail(Customer, claim.resourceId);
      }

      // Every customer locked, in id order (two merges of overlapping customers wait, never deadlock).
      const ids = [cmd.target.id ?? 0, ...sourceIds.map((id) => id ?? 0)];
      const lock = sql`select c.id from customer c
         where c.id = any(${pgArray(ids)}::int[]) and c.archived_at is null and c.merged_into_id is null
           and ${customerScopeSql(scopeFor(this.ctx.viewer))}
         order by c.id for update`;
      const locked = new Set((await em.execute<Array<{ id: number }>>(lock.sql, lock.params)).map((r) => r.id));
      const missing = (given: GivenId, field: string[]) =>
        given.id == null || !locked.has(given.id)
          ? [userError(field, say(`没有 id 为“${given.raw}”的未归档客户`, `no active customer with id "${given.raw}"`), 'NOT_FOUND')]
          : [];
      const notFound = [
        ...missing(cmd.target, ['input', 'targetId']),
        ...cmd.sources.flatMap((s, i) => missing(s, ['input', 'sourceIds', String(i)])),
      ];
      if (notFound.length) throw new UserInputFailure(notFound);

      const targetId = cmd.target.id!;
      const sources = sourceIds as number[];
      const target = await em.findOneOrFail(Customer, targetId, { refresh: true });
      const merged = await em.find(Customer, { id: { $in: sources } }, { refresh: true, orderBy: { id: 'asc' } });
      this.combine(target, merged, cmd.fieldChoices);
      await this.moveRecords(em, targetId, sources);
      const now = this.ctx.now();
      for (const source of merged) {
        source.mergedIntoId = targetId;
        source.mergedAt = now;
        source.archivedAt = now;
      }
      await em.flush();
      await refreshCustomerStats(em, [targetId, ...sources]);
      if (key) await recordIdempotentResult(em, this.ctx.viewer, 'customerMerge', key, targetId);
      return target;
    });
  }

  /** The target's profile with the sources': its own values kept, chosen fields taken, contacts, tags and custom fields joined. */
  private combine(target: Customer, sources: Customer[], choices: CustomerMergeCommand['fieldChoices']): void {
    for (const choice of choices) {
      const source = sources.find((s) => s.id === choice.source.id)!;
      const field = MERGE_FIELDS[choice.field as MergeField];
      (target as unknown as Record<string, unknown>)[field] = source[field];
    }
    const join = (own: string | null | undefined, ownList: string[], others: Array<string | null | undefined>) =>
      [...new Set([...ownList, ...others.filter((v): v is string => !!v)])].filter((v) => v !== own);
    target.phones = join(
      target.phone,
      target.phones,
      sources.flatMap((s) => [s.phone, ...s.phones]),
    );
    target.emails = join(
      target.email,
      target.emails,
      sources.flatMap((s) => [s.email, ...s.emails]),
    );
    target.wechatIds = join(
      null,
      target.wechatIds,
      sources.flatMap((s) => s.wechatIds),
    );
    target.tags = join(
      null,
      target.tags,
      sources.flatMap((s) => s.tags),
    );
    const fields = { ...target.customFields };
    for (const s of sources) for (const [k, v] of Object.entries(s.customFields)) if (!(k in fields)) fields[k] = v;
    target.customFields = fields;
    for (const s of sources) {
      if (!target.phone && s.phone) target.phone = s.phone;
      if (!target.email && s.email) target.email = s.email;
    }
    target.phones = target.phones.filter((p) => p !== target.phone);
    target.emails = target.emails.filter((e) => e !== target.email);
    target.searchText = searchTextOf(target);
  }

  /** Every row of the sources to the target, in one statement per table. */
  private async moveRecords(em: EntityManager, targetId: number, sources: number[]): Promise<void> {
    const from = pgArray(sources);
    for (const table of MOVED) {
      await em.execute(`update ${table} set customer_id = ? where customer_id = any(?::int[])`, [targetId, from]);
    }
    // A reminder acted on under both: the target's state stays.
    await em.execute(
      `delete from reminder_state r where r.customer_id = any(?::int[])
          and exists (select 1 from reminder_state t where t.customer_id = ? and t.kind = r.kind and t.occurrence_key = r.occurrence_key)`,
      [from, targetId],
    );
    await em.execute(`update reminder_state set customer_id = ? where customer_id = any(?::int[])`, [targetId, from]);
    // A source's stage override ends with it; the target keeps its own.
    await em.execute(
      `update lifecycle_override set cleared_at = ?, clear_reason = '合并到其他客户 / merged into another customer'
        where customer_id = any(?::int[]) and cleared_at is null`,
      [this.ctx.now(), from],
    );
  }
}
