import { Migration } from '@mikro-orm/migrations';

/** The records that may name an order of their customer, and the old single-column foreign key of each. */
const REFERENCING = [
  { table: 'payment', old: 'payment_order_id_foreign' },
  { table: 'inquiry', old: 'inquiry_order_id_foreign' },
  { table: 'service_case', old: 'service_case_order_id_foreign' },
] as const;

/**
 * A payment, an inquiry or a service case names an order of its own customer (issue 19 item 5,
 * docs/scaling.md): the foreign key is `(customer_id, order_id) → sales_order (customer_id, id)`
 * instead of `order_id → sales_order (id)`. The services already write only such rows; the
 * database now refuses any other, and the key is one that a distributed PostgreSQL (Citus,
 * rows placed by `customer_id`) can keep, where a key on `order_id` alone could not.
 *
 * Deferred to the commit: merging customers moves the orders, then the payments, inquiries
 * and service cases, one statement each, in one transaction, so in between an order and its
 * payments name different customers. A delete of a named order is still refused at once
 * (RESTRICT is never deferred). On the 1,000,000-customer benchmark (3.3 M orders, 3.6 M
 * payments) the unique index took 2.0 s and checking the three keys 4.7 s
 * (bench/results/scaling-2026-12-07-bench_1m.json); on a small database, an instant.
 */
export class Migration20261207090000OrderReferencesByCustomer extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "sales_order" add constraint "sales_order_customer_id_id_unique" unique ("customer_id", "id");`);
    for (const { table, old } of REFERENCING) {
      this.addSql(`alter table "${table}" drop constraint "${old}";`);
      this.addSql(
        `alter table "${table}" add constraint "${table}_customer_order_foreign" foreign key ("customer_id", "order_id")
           references "sales_order" ("customer_id", "id") on update no action on delete restrict deferrable initially deferred;`,
      );
    }
  }

  override async down(): Promise<void> {
    for (const { table, old } of REFERENCING) {
      this.addSql(`alter table "${table}" drop constraint "${table}_customer_order_foreign";`);
      this.addSql(
        `alter table "${table}" add constraint "${old}" foreign key ("order_id") references "sales_order" ("id") on update no action on delete restrict;`,
      );
    }
    this.addSql(`alter table "sales_order" drop constraint "sales_order_customer_id_id_unique";`);
  }
}
