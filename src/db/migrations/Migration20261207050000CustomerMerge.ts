import { Migration } from '@mikro-orm/migrations';

/**
 * Merging duplicate customers (issue 17 item 4): a merged customer stays as a tombstone
 * pointing at the customer it was merged into (its id still resolves there), archived; and
 * the webhook topic CUSTOMER_MERGED, emitted when a customer becomes a tombstone (instead of
 * CUSTOMER_UPDATED).
 */
export class Migration20261207050000CustomerMerge extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "customer" add column "merged_into_id" int null references "customer" ("id") on delete no action, add column "merged_at" timestamptz null`,
    );
    this.addSql(`create index "customer_merged_into_idx" on "customer" ("merged_into_id") where "merged_into_id" is not null`);
    this.addSql(`create or replace function "webhook_emit"() returns trigger language plpgsql as $$
      begin
        if not exists (select 1 from webhook_subscription where active) then return null; end if;
        if tg_argv[0] = 'CUSTOMER' then
          if tg_op = 'INSERT' then
            insert into webhook_event (topic, customer_id, subject_type, subject_id, data)
            select 'CUSTOMER_CREATED', n.id, 'CUSTOMER', n.id, to_jsonb(n) - '{search_text,version}'::text[] from new_rows n;
          else
            insert into webhook_event (topic, customer_id, subject_type, subject_id, data)
            select 'CUSTOMER_MERGED', n.id, 'CUSTOMER', n.id, (to_jsonb(n) - '{search_text,version}'::text[])
              from new_rows n join old_rows o on o.id = n.id
             where n.merged_into_id is not null and o.merged_into_id is null;
            insert into webhook_event (topic, customer_id, subject_type, subject_id, data)
            select 'CUSTOMER_UPDATED', n.id, 'CUSTOMER', n.id,
                   (to_jsonb(n) - '{search_text,version}'::text[]) || jsonb_build_object('changed_fields', c.fields)
              from new_rows n join old_rows o on o.id = n.id
              cross join lateral (
                select array_agg(k.key order by k.key) as fields
                  from jsonb_each(to_jsonb(n)) k
                 where k.key not in ('search_text', 'version', 'updated_at') and (to_jsonb(o) -> k.key) is distinct from k.value) c
             where c.fields is not null and n.merged_into_id is null;
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
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "customer_merged_into_idx"`);
    this.addSql(`alter table "customer" drop column "merged_into_id", drop column "merged_at"`);
  }
}
