import { Migration } from '@mikro-orm/migrations';

/**
 * Cross-sell (DOMAIN A4): the association rules over customer-level baskets of completed
 * orders, X → Y with the counts behind them, and one row per refresh. A refresh deletes and
 * inserts every rule in one transaction, so readers see the previous rules or the new ones.
 * `boughtTogether` reads a product's rules by lift: the index serves it.
 */
export class Migration20261206130000ProductAssociations extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "product_association_run" (
      "id" serial primary key,
      "trigger" text not null check ("trigger" in ('SCHEDULE', 'ON_DEMAND')),
      "started_at" timestamptz not null,
      "finished_at" timestamptz not null,
      "duration_ms" int not null check ("duration_ms" >= 0),
      "min_support" numeric(10,8) not null check ("min_support" between 0 and 1),
      "population" int not null check ("population" >= 0),
      "product_count" int not null check ("product_count" >= 0),
      "rule_count" int not null check ("rule_count" >= 0),
      "requested_by_id" int null references "app_user" ("id") on update no action on delete set null
    );`);
    this.addSql(`create table "product_association" (
      "antecedent_id" int not null references "product" ("id") on update no action on delete cascade,
      "consequent_id" int not null references "product" ("id") on update no action on delete cascade,
      "run_id" int not null references "product_association_run" ("id") on update no action on delete cascade,
      "antecedent_customers" int not null check ("antecedent_customers" > 0),
      "consequent_customers" int not null check ("consequent_customers" > 0),
      "both_customers" int not null check ("both_customers" > 0),
      "population" int not null check ("population" > 0),
      "support" numeric(12,6) not null,
      "confidence" numeric(12,6) not null,
      "lift" numeric(14,6) not null,
      primary key ("antecedent_id", "consequent_id"),
      check ("antecedent_id" <> "consequent_id")
    );`);
    this.addSql(
      `create index "product_association_rank_idx" on "product_association" ("antecedent_id", "lift" desc, "confidence" desc, "consequent_id");`,
    );
    this.addSql(`create index "product_association_run_idx" on "product_association" ("run_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "product_association";`);
    this.addSql(`drop table if exists "product_association_run";`);
  }
}
