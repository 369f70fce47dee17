import { Migration } from '@mikro-orm/migrations';

/** Customer figures are sums of many NUMERIC(14,2) amounts: let them grow without a limit. */
export class Migration20261123020000StatsNumeric extends Migration {
  override async up(): Promise<void> {
    for (const column of ['total_spent', 'gross_profit', 'outstanding', 'open_inquiry_amount']) {
      this.addSql(`alter table "customer_stats" alter column "${column}" type numeric;`);
    }
  }

  override async down(): Promise<void> {
    for (const column of ['total_spent', 'gross_profit', 'outstanding', 'open_inquiry_amount']) {
      this.addSql(`alter table "customer_stats" alter column "${column}" type numeric(16,2);`);
    }
  }
}
