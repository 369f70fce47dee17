import { Migration } from '@mikro-orm/migrations';

/**
 * The customer facts read model (docs/tour/scoring.md, "Customer facts"): `customer_stats` also keeps each
 * customer's facts in company days and the figures of the rule windows, as of `facts_on`,
 * under the window lengths and time zone of `customer_facts_basis` version `facts_basis`,
 * valid until `facts_valid_until` (the first day an order or follow-up crosses a window edge).
 *
 * Only metadata here: nullable columns without defaults and a new table, so the migration
 * takes its lock for an instant whatever the size of the table. A row without facts (every
 * row right after this migration) is computed from the records by the readers until the
 * facts job (`customer-facts-refresh`, started with the API) has filled it, in batches;
 * `filled_at` records when a whole pass under the basis finished.
 */
export class Migration20261206000000CustomerFacts extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "customer_facts_basis" ("id" smallint primary key default 1, "version" int not null, "time_zone" text not null, "window_days" int not null, "growth_days" int not null, "follow_up_days" int not null, "updated_at" timestamptz not null, "filled_at" timestamptz null, constraint "customer_facts_basis_single_row" check ("id" = 1));`,
    );
    this.addSql(`alter table "customer_stats"
      add column "facts_basis" int null,
      add column "facts_on" date null,
      add column "facts_valid_until" date null,
      add column "first_order_on" date null,
      add column "last_order_on" date null,
      add column "median_interval_days" float8 null,
      add column "last_follow_up_on" date null,
      add column "last_qualifying_follow_up_on" date null,
      add column "recent_follow_up_count" int null,
      add column "window_order_count" int null,
      add column "window_spend" numeric null,
      add column "window_profit" numeric null,
      add column "growth_recent_spend" numeric null,
      add column "growth_prior_spend" numeric null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "customer_stats"
      drop column "facts_basis", drop column "facts_on", drop column "facts_valid_until",
      drop column "first_order_on", drop column "last_order_on", drop column "median_interval_days",
      drop column "last_follow_up_on", drop column "last_qualifying_follow_up_on", drop column "recent_follow_up_count",
      drop column "window_order_count", drop column "window_spend", drop column "window_profit",
      drop column "growth_recent_spend", drop column "growth_prior_spend";`);
    this.addSql(`drop table if exists "customer_facts_basis";`);
  }
}
