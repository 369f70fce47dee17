import { Migration } from '@mikro-orm/migrations';

/**
 * Names sort as a Chinese reader expects (issue 18 item 3): by pinyin under ICU's `zh`
 * collation (阿, 丁, 李, 上, 万, 王, 张), not by code point (丁, 万, 上…). Lists sorted by
 * NAME use `name collate "zh-x-icu"`, and the customers' keyset index follows it (the old
 * index served only that sort). Needs PostgreSQL built with ICU: the embedded server, and
 * Debian's, Ubuntu's and the official images are.
 */
export class Migration20261207080000PinyinNameOrder extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "customer_name_zh_id_idx" on "customer" ("name" collate "zh-x-icu", "id");`);
    this.addSql(`drop index if exists "customer_name_id_idx";`);
  }

  override async down(): Promise<void> {
    this.addSql(`create index "customer_name_id_idx" on "customer" ("name", "id");`);
    this.addSql(`drop index if exists "customer_name_zh_id_idx";`);
  }
}
