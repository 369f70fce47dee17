import { Migration } from '@mikro-orm/migrations';

/**
 * Webhooks (issue 17 item 1). Subscriptions; an outbox (`webhook_event`) written by
 * statement-level triggers in the transaction of the change, so no event comes from a
 * rolled-back transaction and none is missing from a committed one; and deliveries, one
 * per subscription and event, with their attempts. The triggers write an event only while
 * some active subscription exists, so a company without webhooks pays one lookup per write
 * statement. Subscriptions are in the change history, their secret never.
 */
export class Migration20261207010000Webhooks extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "webhook_subscription" (
      "id" serial primary key,
      "url" text not null,
      "topics" text[] not null,
      "department_id" int null references "department" ("id") on delete set null,
      "owner_id" int null references "app_user" ("id") on delete set null,
      "secret" text not null,
      "scopes" text[] null,
      "created_by_user_id" int null references "app_user" ("id") on delete set null,
      "created_by_api_key_id" int null references "api_key" ("id") on delete set null,
      "active" boolean not null default true,
      "disabled_at" timestamptz null,
      "disabled_reason" text null,
      "failing_since" timestamptz null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null,
      "version" int not null default 1)`);
    this.addSql(`create index "webhook_subscription_key_idx" on "webhook_subscription" ("created_by_api_key_id")`);
    this.addSql(`create table "webhook_event" (
      "id" serial primary key,
      "topic" text not null,
      "customer_id" int null,
      "subject_type" text not null,
      "subject_id" int not null,
      "data" jsonb not null,
      "occurred_at" timestamptz not null default now(),
      "fanned_out_at" timestamptz null)`);
    this.addSql(`create index "webhook_event_waiting_idx" on "webhook_event" ("id") where "fanned_out_at" is null`);
    this.addSql(`create table "webhook_delivery" (
      "id" serial primary key,
      "subscription_id" int not null references "webhook_subscription" ("id") on delete cascade,
      "event_id" int not null references "webhook_event" ("id") on delete cascade,
      "customer_id" int null,
      "status" text not null default 'PENDING' check ("status" in ('PENDING', 'RETRYING', 'SUCCEEDED')),
      "attempts" int not null default 0,
      "next_attempt_at" timestamptz not null default now(),
      "claimed_until" timestamptz null,
      "last_attempt_at" timestamptz null,
      "response_status" int null,
      "latency_ms" int null,
      "last_error" text null,
      "created_at" timestamptz not null default now(),
      constraint "webhook_delivery_once" unique ("subscription_id", "event_id"))`);
    this.addSql(`create index "webhook_delivery_due_idx" on "webhook_delivery" ("next_attempt_at") where "status" <> 'SUCCEEDED'`);
    this.addSql(
      `create index "webhook_delivery_order_idx" on "webhook_delivery" ("subscription_id", "customer_id", "id") where "status" <> 'SUCCEEDED'`,
    );
    this.addSql(`create index "webhook_delivery_subscription_idx" on "webhook_delivery" ("subscription_id", "id" desc)`);

    // The events of one write statement: tg_argv[0] names the table's kind.
    this.addSql(`create function "webhook_emit"() returns trigger language plpgsql as $$
      begin
        if not exists (select 1 from webhook_subscription where active) then return null; end if;
        if tg_argv[0] = 'CUSTOMER' then
          if tg_op = 'INSERT' then
            insert into webhook_event (topic, customer_id, subject_type, subject_id, data)
            select 'CUSTOMER_CREATED', n.id, 'CUSTOMER', n.id, to_jsonb(n) - '{search_text,version}'::text[] from new_rows n;
          else
            insert into webhook_event (topic, customer_id, subject_type, subject_id, data)
            select 'CUSTOMER_UPDATED', n.id, 'CUSTOMER', n.id,
                   (to_jsonb(n) - '{search_text,version}'::text[]) || jsonb_build_object('changed_fields', c.fields)
              from new_rows n join old_rows o on o.id = n.id
              cross join lateral (
                select array_agg(k.key order by k.key) as fields
                  from jsonb_each(to_jsonb(n)) k
                 where k.key not in ('search_text', 'version', 'updated_at') and (to_jsonb(o) -> k.key) is distinct from k.value) c
             where c.fields is not null;
          end if;
        elsif tg_argv[0] = 'ORDER' then
          if tg_op = 'INSERT' then
            insert into webhook_event (topic, customer_id, subject_type, subject_id, data)
            select 'ORDER_CREATED', n.customer_id, 'ORDER', n.id, to_jsonb(n) from new_rows n;
          else
            insert into webhook_event (topic, customer_id, subject_type, subject_id, data)
            select 'ORDER_' || n.status, n.customer_id, 'ORDER', n.id, to_jsonb(n) || jsonb_build_object('previous_status', o.status)
              from new_rows n join old_rows o on o.id = n.id
             where n.status is distinct from o.status and n.status in ('COMPLETED', 'CANCELLED', 'REFUNDED');
          end if;
        elsif tg_argv[0] = 'PAYMENT' then
          insert into webhook_event (topic, customer_id, subject_type, subject_id, data)
          select 'PAYMENT_RECORDED', n.customer_id, 'PAYMENT', n.id, to_jsonb(n) from new_rows n;
        elsif tg_argv[0] = 'INQUIRY' then
          if tg_op = 'INSERT' then
            insert into webhook_event (topic, customer_id, subject_type, subject_id, data)
            select 'INQUIRY_CREATED', n.customer_id, 'INQUIRY', n.id, to_jsonb(n) from new_rows n;
          else
            insert into webhook_event (topic, customer_id, subject_type, subject_id, data)
            select 'INQUIRY_STATUS_CHANGED', n.customer_id, 'INQUIRY', n.id, to_jsonb(n) || jsonb_build_object('previous_status', o.status)
              from new_rows n join old_rows o on o.id = n.id
             where n.status is distinct from o.status;
          end if;
        end if;
        return null;
      end $$`);
    for (const [table, kind, ops] of [
      ['customer', 'CUSTOMER', ['insert', 'update']],
      ['sales_order', 'ORDER', ['insert', 'update']],
      ['payment', 'PAYMENT', ['insert']],
      ['inquiry', 'INQUIRY', ['insert', 'update']],
    ] as const) {
      for (const op of ops) {
        const referencing = op === 'insert' ? 'new table as new_rows' : 'old table as old_rows new table as new_rows';
        this.addSql(
          `create trigger "${table}_webhook_${op}" after ${op} on "${table}" referencing ${referencing} for each statement execute function webhook_emit('${kind}')`,
        );
      }
    }

    // The change history covers subscriptions (issue 17 item 3), never their secret.
    const args = `'WEBHOOK_SUBSCRIPTION', '', '{secret,updated_at,version,failing_since}'`;
    this.addSql(
      `create trigger "webhook_subscription_audit_insert" after insert on "webhook_subscription" referencing new table as new_rows for each statement execute function audit_changes(${args})`,
    );
    this.addSql(
      `create trigger "webhook_subscription_audit_update" after update on "webhook_subscription" referencing old table as old_rows new table as new_rows for each statement execute function audit_changes(${args})`,
    );
    this.addSql(
      `create trigger "webhook_subscription_audit_delete" after delete on "webhook_subscription" referencing old table as old_rows for each statement execute function audit_changes(${args})`,
    );
  }

  override async down(): Promise<void> {
    for (const [table, ops] of [
      ['customer', ['insert', 'update']],
      ['sales_order', ['insert', 'update']],
      ['payment', ['insert']],
      ['inquiry', ['insert', 'update']],
    ] as const) {
      for (const op of ops) this.addSql(`drop trigger "${table}_webhook_${op}" on "${table}"`);
    }
    this.addSql(`drop function "webhook_emit"()`);
    this.addSql(`drop table "webhook_delivery"`);
    this.addSql(`drop table "webhook_event"`);
    this.addSql(`drop table "webhook_subscription"`);
  }
}
