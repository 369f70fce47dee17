import { Migration } from '@mikro-orm/migrations';

/**
 * Segments (DOMAIN G1–G3): saved, named filters over the customer figures. Membership is
 * never stored: `filter` holds the parsed tree, `query_text` the text it was written in (or
 * its canonical text when saved from the typed form). Deleting keeps the row (`deleted_at`),
 * so a name is unique only among the segments in use.
 *
 * Prospect ranking (G2) reads what a follow-up captured about the prospect's need: how
 * urgent it is, how soon results can show and the budget the prospect stated.
 */
export class Migration20261125000000Segments extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "segment" ("id" serial primary key, "name" varchar(100) not null, "description" varchar(500) null, "query_text" text null, "filter" jsonb not null, "created_by_id" int null, "updated_by_id" int null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "deleted_at" timestamptz null, "version" int not null default 1);`,
    );
    this.addSql(`create unique index "segment_name_unique" on "segment" (lower("name")) where "deleted_at" is null;`);
    this.addSql(`create index "segment_created_at_idx" on "segment" ("created_at", "id") where "deleted_at" is null;`);
    this.addSql(
      `alter table "segment" add constraint "segment_created_by_id_foreign" foreign key ("created_by_id") references "app_user" ("id") on update no action on delete restrict;`,
    );
    this.addSql(
      `alter table "segment" add constraint "segment_updated_by_id_foreign" foreign key ("updated_by_id") references "app_user" ("id") on update no action on delete restrict;`,
    );

    this.addSql(
      `alter table "follow_up" add column "need_urgency" text check ("need_urgency" in ('HIGH', 'MEDIUM', 'LOW')) null, add column "results_horizon_days" int null, add column "budget" numeric(14,2) null;`,
    );
    this.addSql(
      `alter table "follow_up" add constraint "follow_up_results_horizon_days_range" check ("results_horizon_days" between 0 and 3650);`,
    );
    this.addSql(`alter table "follow_up" add constraint "follow_up_budget_not_negative" check ("budget" >= 0);`);
  }

  override async down(): Promise<void> {
    this.addSql(
      `alter table "follow_up" drop constraint if exists "follow_up_budget_not_negative", drop constraint if exists "follow_up_results_horizon_days_range";`,
    );
    this.addSql(
      `alter table "follow_up" drop column if exists "budget", drop column if exists "results_horizon_days", drop column if exists "need_urgency";`,
    );
    this.addSql(`drop table if exists "segment" cascade;`);
  }
}
