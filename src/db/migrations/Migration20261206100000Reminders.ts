import { Migration } from '@mikro-orm/migrations';

/**
 * Reminders (DOMAIN M1–M3): the company's rules as one versioned row like the scoring
 * settings; what salespeople did with an occurrence, keyed by the occurrence (rule, customer,
 * the occurrence's own key), so a done or dismissed one never comes back and a snoozed one
 * comes back on its day; the company's holidays as dates per year (lunar holidays such as
 * 春节 and 中秋 move every year); the end of a warranty or maintenance contract on a service
 * case (RENEWAL_DUE).
 */
export class Migration20261206100000Reminders extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "reminder_settings" ("id" smallint primary key default 1, "rules" jsonb not null, "version" int not null default 1, "updated_by_id" int null references "app_user" ("id") on update no action on delete set null, "updated_at" timestamptz not null, constraint "reminder_settings_single_row" check ("id" = 1));`,
    );
    this.addSql(`create table "reminder_state" (
      "id" serial primary key,
      "customer_id" int not null references "customer" ("id") on update no action on delete cascade,
      "kind" text not null,
      "occurrence_key" text not null,
      "state" text not null check ("state" in ('DONE', 'SNOOZED', 'DISMISSED')),
      "snoozed_until" date null,
      "reason" varchar(500) null,
      "follow_up_id" int null references "follow_up" ("id") on update no action on delete set null,
      "acted_by_user_id" int null references "app_user" ("id") on update no action on delete set null,
      "acted_by_api_key_id" int null references "api_key" ("id") on update no action on delete set null,
      "acted_at" timestamptz not null,
      constraint "reminder_state_snooze_day" check (("state" = 'SNOOZED') = ("snoozed_until" is not null))
    );`);
    this.addSql(`create unique index "reminder_state_occurrence_unique" on "reminder_state" ("customer_id", "kind", "occurrence_key");`);
    this.addSql(
      `create table "company_holiday" ("id" serial primary key, "day" date not null, "name_zh" varchar(100) not null, "name_en" varchar(100) not null, "created_at" timestamptz not null default now());`,
    );
    this.addSql(`create unique index "company_holiday_day_unique" on "company_holiday" ("day");`);
    this.addSql(`alter table "service_case" add column "coverage_ends_on" date null;`);
    this.addSql(`create index "service_case_coverage_idx" on "service_case" ("coverage_ends_on") where "coverage_ends_on" is not null;`);
    this.addSql(`create index "follow_up_customer_channel_idx" on "follow_up" ("customer_id", "channel", "occurred_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "follow_up_customer_channel_idx";`);
    this.addSql(`alter table "service_case" drop column if exists "coverage_ends_on";`);
    for (const table of ['company_holiday', 'reminder_state', 'reminder_settings']) this.addSql(`drop table if exists "${table}" cascade;`);
  }
}
