import { Migration } from '@mikro-orm/migrations';

/**
 * Duplicate customers (issue 17 item 4, DOMAIN C6): the lookups a new or changed customer
 * is checked with. Phones and emails are stored normalised (E.164, lower case), so a match
 * is an equality on the primary value (indexed since the first migration) or an overlap of
 * the further ones; the name and company are compared by trigram similarity.
 */
export class Migration20261207030000CustomerDuplicates extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "customer_phones_idx" on "customer" using gin ("phones")`);
    this.addSql(`create index "customer_emails_idx" on "customer" using gin ("emails")`);
    this.addSql(`create index "customer_wechat_ids_idx" on "customer" using gin ("wechat_ids")`);
    this.addSql(
      `create index "customer_name_company_trgm_idx" on "customer" using gin (("name" || ' ' || coalesce("company_name", '')) gin_trgm_ops)`,
    );
  }

  override async down(): Promise<void> {
    for (const index of ['phone', 'email', 'phones', 'emails', 'wechat_ids', 'name_company_trgm'])
      this.addSql(`drop index "customer_${index}_idx"`);
  }
}
