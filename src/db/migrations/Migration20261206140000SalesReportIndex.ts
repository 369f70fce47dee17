import { Migration } from '@mikro-orm/migrations';

/**
 * Sales reports (issue 14, DOMAIN A1) take refunds off on the day of the refund: the refunds of
 * a period are found by `refunded_at`, which only refunded orders have (a few percent).
 */
export class Migration20261206140000SalesReportIndex extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "sales_order_refunded_at_idx" on "sales_order" ("refunded_at") where "refunded_at" is not null`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "sales_order_refunded_at_idx"`);
  }
}
