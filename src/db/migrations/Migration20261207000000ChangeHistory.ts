import { Migration } from '@mikro-orm/migrations';

/**
 * The audited tables as of this migration (a later table gets its triggers in its own
 * migration): the subject type the history names, the column holding the customer the row
 * belongs to, and the columns never recorded (secrets, derived text, bookkeeping).
 */
const AUDITED_TABLES = [
  { table: 'customer', subjectType: 'CUSTOMER', customerColumn: 'id', unrecorded: ['search_text', 'updated_at', 'version'] },
  { table: 'sales_order', subjectType: 'ORDER', customerColumn: 'customer_id', unrecorded: ['updated_at'] },
  { table: 'payment', subjectType: 'PAYMENT', customerColumn: 'customer_id', unrecorded: [] },
  { table: 'inquiry', subjectType: 'INQUIRY', customerColumn: 'customer_id', unrecorded: ['updated_at'] },
  { table: 'follow_up', subjectType: 'FOLLOW_UP', customerColumn: 'customer_id', unrecorded: [] },
  { table: 'service_case', subjectType: 'SERVICE_CASE', customerColumn: 'customer_id', unrecorded: ['updated_at'] },
  { table: 'segment', subjectType: 'SEGMENT', customerColumn: null, unrecorded: ['filter', 'updated_at', 'version'] },
  { table: 'scoring_settings', subjectType: 'SCORING_SETTINGS', customerColumn: null, unrecorded: ['updated_at', 'version'] },
  { table: 'reminder_settings', subjectType: 'REMINDER_SETTINGS', customerColumn: null, unrecorded: ['updated_at', 'version'] },
  { table: 'api_key', subjectType: 'API_KEY', customerColumn: null, unrecorded: ['secret_hash', 'last_used_at'] },
] as const;

/**
 * The change history (issue 17 item 3): every write to an audited table records who (the
 * user or API key, and the request id, from the transaction's `app.actor` setting), when,
 * and what (the fields before and after) in `audit_event`, in the same transaction, by
 * statement-level triggers with transition tables: a write cannot skip them, whatever code
 * path makes it, and a statement writing many rows adds one insert, not one per row.
 * Columns listed as unrecorded (secrets, derived text, bookkeeping) are never written to the
 * history, and an update that changes only those records nothing.
 */
export class Migration20261207000000ChangeHistory extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "audit_event" (
      "id" serial primary key,
      "occurred_at" timestamptz not null default now(),
      "actor_user_id" int null,
      "actor_api_key_id" int null,
      "request_id" text null,
      "subject_type" text not null,
      "subject_id" int not null,
      "customer_id" int null,
      "action" text not null check ("action" in ('CREATED', 'UPDATED', 'DELETED')),
      "changes" jsonb not null)`);
    // The history outlives what it describes (a deleted record, a merged customer): no foreign keys.
    this.addSql(`create index "audit_event_customer_idx" on "audit_event" ("customer_id", "id" desc) where "customer_id" is not null`);
    this.addSql(`create index "audit_event_subject_idx" on "audit_event" ("subject_type", "subject_id", "id" desc)`);
    this.addSql(
      `create index "audit_event_actor_user_idx" on "audit_event" ("actor_user_id", "id" desc) where "actor_user_id" is not null`,
    );
    this.addSql(`create index "audit_event_occurred_at_idx" on "audit_event" ("occurred_at")`);
    this.addSql(`create index "audit_event_request_idx" on "audit_event" ("request_id") where "request_id" is not null`);
    // Reading: every recorded value as text, rendered here so a numeric keeps its digits ("200.00").
    this.addSql(`create function "audit_value_text"(v jsonb) returns text language sql immutable as $$
      select case jsonb_typeof(v) when 'string' then v #>> '{}' when 'null' then null else v::text end $$`);
    this.addSql(`create view "audit_event_as_text" as
      select a.id, a.occurred_at, a.actor_user_id, a.actor_api_key_id, a.request_id, a.subject_type, a.subject_id, a.customer_id, a.action,
             (select coalesce(jsonb_object_agg(e.key, case when a.action = 'UPDATED'
                                                            then jsonb_build_array(audit_value_text(e.value -> 0), audit_value_text(e.value -> 1))
                                                            else to_jsonb(audit_value_text(e.value)) end), '{}')
                from jsonb_each(a.changes) e) as changes
        from audit_event a`);
    this.addSql(`create function "audit_changes"() returns trigger language plpgsql as $$
      declare
        actor jsonb := nullif(current_setting('app.actor', true), '')::jsonb;
        skip text[] := tg_argv[2]::text[] || '{id}'::text[];
      begin
        if tg_op = 'UPDATE' then
          insert into audit_event (actor_user_id, actor_api_key_id, request_id, subject_type, subject_id, customer_id, action, changes)
          select (actor ->> 'user')::int, (actor ->> 'key')::int, actor ->> 'request', tg_argv[0], (j.nj ->> 'id')::int,
                 (j.nj ->> nullif(tg_argv[1], ''))::int, 'UPDATED', d.changes
            from new_rows n
            join old_rows o on o.id = n.id
            cross join lateral (select to_jsonb(o) as oj, to_jsonb(n) as nj) j
            cross join lateral (
              select jsonb_object_agg(k.key, jsonb_build_array(j.oj -> k.key, k.value)) as changes
                from jsonb_each(j.nj) k
               where k.key <> all(skip) and (j.oj -> k.key) is distinct from k.value) d
           where d.changes is not null;
        elsif tg_op = 'INSERT' then
          insert into audit_event (actor_user_id, actor_api_key_id, request_id, subject_type, subject_id, customer_id, action, changes)
          select (actor ->> 'user')::int, (actor ->> 'key')::int, actor ->> 'request', tg_argv[0], n.id,
                 (to_jsonb(n) ->> nullif(tg_argv[1], ''))::int, 'CREATED', jsonb_strip_nulls(to_jsonb(n) - skip)
            from new_rows n;
        else
          insert into audit_event (actor_user_id, actor_api_key_id, request_id, subject_type, subject_id, customer_id, action, changes)
          select (actor ->> 'user')::int, (actor ->> 'key')::int, actor ->> 'request', tg_argv[0], o.id,
                 (to_jsonb(o) ->> nullif(tg_argv[1], ''))::int, 'DELETED', jsonb_strip_nulls(to_jsonb(o) - skip)
            from old_rows o;
        end if;
        return null;
      end $$`);
    for (const t of AUDITED_TABLES) {
      const args = `'${t.subjectType}', '${t.customerColumn ?? ''}', '{${(t.unrecorded as readonly string[]).join(',')}}'`;
      this.addSql(
        `create trigger "${t.table}_audit_insert" after insert on "${t.table}" referencing new table as new_rows for each statement execute function audit_changes(${args})`,
      );
      this.addSql(
        `create trigger "${t.table}_audit_update" after update on "${t.table}" referencing old table as old_rows new table as new_rows for each statement execute function audit_changes(${args})`,
      );
      this.addSql(
        `create trigger "${t.table}_audit_delete" after delete on "${t.table}" referencing old table as old_rows for each statement execute function audit_changes(${args})`,
      );
    }
  }

  override async down(): Promise<void> {
    for (const t of AUDITED_TABLES) {
      for (const op of ['insert', 'update', 'delete']) this.addSql(`drop trigger "${t.table}_audit_${op}" on "${t.table}"`);
    }
    this.addSql(`drop function "audit_changes"()`);
    this.addSql(`drop view "audit_event_as_text"`);
    this.addSql(`drop function "audit_value_text"(jsonb)`);
    this.addSql(`drop table "audit_event"`);
  }
}
