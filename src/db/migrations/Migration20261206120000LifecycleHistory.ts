import { Migration } from '@mikro-orm/migrations';

/**
 * The stored lifecycle history (docs/tour/distributions.md, "lifecycleTransitions", DOMAIN L4): every customer's
 * stage moves as the lifecycle replay computes them (`lifecycle_transition`), when each was
 * replayed and what it was replayed from (`lifecycle_replay`), and the rules and calendar of
 * the whole store (`lifecycle_history_basis`, one row). New tables only: the migration locks
 * nothing that exists; the history job fills them (the back-fill) in batches.
 */
export class Migration20261206120000LifecycleHistory extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "lifecycle_history_basis" ("id" smallint primary key default 1, "version" int not null, "basis_key" text not null, "updated_at" timestamptz not null, "filled_at" timestamptz null, "filled_through" date null, constraint "lifecycle_history_basis_single_row" check ("id" = 1));`,
    );
    this.addSql(
      `create table "lifecycle_replay" ("customer_id" int primary key references "customer" ("id") on delete cascade, "basis" int not null, "through" date not null, "next_on" date null, "stats_xmin" xid null, "overrides" text null, "replayed_at" timestamptz not null);`,
    );
    this.addSql(
      `create table "lifecycle_transition" ("customer_id" int not null references "customer" ("id") on delete cascade, "seq" smallint not null, "on" date not null, "from_stage" text not null, "to_stage" text not null, "cause" text not null, primary key ("customer_id", "seq"));`,
    );
    this.addSql(`create index "lifecycle_transition_on_idx" on "lifecycle_transition" ("on", "from_stage", "to_stage", "customer_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "lifecycle_transition";`);
    this.addSql(`drop table if exists "lifecycle_replay";`);
    this.addSql(`drop table if exists "lifecycle_history_basis";`);
  }
}
