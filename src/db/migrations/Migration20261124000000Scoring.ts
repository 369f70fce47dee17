import { Migration } from '@mikro-orm/migrations';

/**
 * Scoring: the company's rules (one row), manual lifecycle overrides with their history,
 * value-tier snapshots (only changes are stored) and the runs that took them, and a
 * sequence bumped after every write that changes scoring inputs, so cached company-wide
 * cut-points know when they are stale.
 */
export class Migration20261124000000Scoring extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "scoring_settings" ("id" smallint primary key default 1, "rules" jsonb not null, "version" int not null default 1, "updated_by_id" int null, "updated_at" timestamptz not null, constraint "scoring_settings_single_row" check ("id" = 1));`,
    );
    this.addSql(
      `alter table "scoring_settings" add constraint "scoring_settings_updated_by_id_foreign" foreign key ("updated_by_id") references "app_user" ("id") on update no action on delete set null;`,
    );
    this.addSql(`create sequence "scoring_data_version";`);

    this.addSql(
      `create table "lifecycle_override" ("id" serial primary key, "customer_id" int not null, "stage" text check ("stage" in ('LEAD', 'PROSPECT', 'NEW', 'REPEAT', 'LOYAL', 'DORMANT', 'LOST')) not null, "reason" varchar(500) not null, "set_by_id" int null, "set_at" timestamptz not null, "cleared_by_id" int null, "cleared_at" timestamptz null, "clear_reason" varchar(500) null);`,
    );
    this.addSql(`create index "lifecycle_override_customer_idx" on "lifecycle_override" ("customer_id", "set_at", "id");`);
    this.addSql(
      `create unique index "lifecycle_override_active_unique" on "lifecycle_override" ("customer_id") where "cleared_at" is null;`,
    );
    this.addSql(
      `alter table "lifecycle_override" add constraint "lifecycle_override_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update no action on delete cascade;`,
    );
    this.addSql(
      `alter table "lifecycle_override" add constraint "lifecycle_override_set_by_id_foreign" foreign key ("set_by_id") references "app_user" ("id") on update no action on delete restrict;`,
    );
    this.addSql(
      `alter table "lifecycle_override" add constraint "lifecycle_override_cleared_by_id_foreign" foreign key ("cleared_by_id") references "app_user" ("id") on update no action on delete restrict;`,
    );

    this.addSql(
      `create table "scoring_snapshot_run" ("id" serial primary key, "trigger" text check ("trigger" in ('SCHEDULE', 'ON_DEMAND')) not null, "taken_at" timestamptz not null, "taken_on" date not null, "customer_count" int not null, "change_count" int not null, "settings_version" int not null, "requested_by_id" int null);`,
    );
    this.addSql(
      `alter table "scoring_snapshot_run" add constraint "scoring_snapshot_run_requested_by_id_foreign" foreign key ("requested_by_id") references "app_user" ("id") on update no action on delete set null;`,
    );
    this.addSql(
      `create table "value_tier_snapshot" ("id" serial primary key, "run_id" int not null, "customer_id" int not null, "tier" text check ("tier" in ('VIP', 'MAJOR', 'ORDINARY', 'SMALL')) not null, "previous_tier" text check ("previous_tier" in ('VIP', 'MAJOR', 'ORDINARY', 'SMALL')) null, "score" numeric(6,2) not null, "taken_at" timestamptz not null);`,
    );
    this.addSql(`create index "value_tier_snapshot_customer_idx" on "value_tier_snapshot" ("customer_id", "taken_at", "id");`);
    this.addSql(`create index "value_tier_snapshot_move_idx" on "value_tier_snapshot" ("previous_tier", "tier", "taken_at", "id");`);
    this.addSql(
      `alter table "value_tier_snapshot" add constraint "value_tier_snapshot_run_id_foreign" foreign key ("run_id") references "scoring_snapshot_run" ("id") on update no action on delete cascade;`,
    );
    this.addSql(
      `alter table "value_tier_snapshot" add constraint "value_tier_snapshot_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update no action on delete cascade;`,
    );

    // The window figures read completed orders of a customer by day.
    this.addSql(
      `create index "sales_order_completed_customer_idx" on "sales_order" ("customer_id", "ordered_at") include ("total", "cost_total") where "status" = 'COMPLETED';`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "sales_order_completed_customer_idx";`);
    for (const table of ['value_tier_snapshot', 'scoring_snapshot_run', 'lifecycle_override', 'scoring_settings']) {
      this.addSql(`drop table if exists "${table}" cascade;`);
    }
    this.addSql(`drop sequence if exists "scoring_data_version";`);
  }
}
