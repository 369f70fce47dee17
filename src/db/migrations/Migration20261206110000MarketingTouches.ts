import { Migration } from '@mikro-orm/migrations';

/**
 * Marketing touches (DOMAIN M4): every marketing message sent to a customer, so the company
 * cap (at most N promotional touches in any D days) can be kept. A batch is one
 * `marketingTouchesRecord` request: what was asked and its result (`recorded_count`,
 * `skipped`), which an idempotency key replays. The cap counts a customer's touches in a
 * rolling window: `(customer_id, touched_at)` serves it.
 */
export class Migration20261206110000MarketingTouches extends Migration {
  override async up(): Promise<void> {
    const channels = `('PHONE', 'SMS', 'EMAIL', 'WECHAT', 'VISIT', 'MAIL')`;
    const purposes = `('PROMOTION', 'NEW_PRODUCT', 'GREETING', 'SERVICE')`;
    this.addSql(`create table "marketing_touch_batch" (
      "id" serial primary key,
      "channel" text not null check ("channel" in ${channels}),
      "purpose" text not null check ("purpose" in ${purposes}),
      "note" varchar(500) null,
      "segment_id" int null references "segment" ("id") on update no action on delete set null,
      "recorded_count" int not null check ("recorded_count" >= 0),
      "skipped" jsonb not null default '[]',
      "recorded_by_user_id" int null references "app_user" ("id") on update no action on delete set null,
      "recorded_by_api_key_id" int null references "api_key" ("id") on update no action on delete set null,
      "created_at" timestamptz not null
    );`);
    this.addSql(`create table "marketing_touch" (
      "id" serial primary key,
      "customer_id" int not null references "customer" ("id") on update no action on delete restrict,
      "batch_id" int not null references "marketing_touch_batch" ("id") on update no action on delete restrict,
      "channel" text not null check ("channel" in ${channels}),
      "purpose" text not null check ("purpose" in ${purposes}),
      "note" varchar(500) null,
      "touched_at" timestamptz not null,
      "recorded_by_user_id" int null references "app_user" ("id") on update no action on delete set null,
      "recorded_by_api_key_id" int null references "api_key" ("id") on update no action on delete set null,
      "created_at" timestamptz not null
    );`);
    this.addSql(`create index "marketing_touch_customer_touched_idx" on "marketing_touch" ("customer_id", "touched_at");`);
    this.addSql(`create index "marketing_touch_batch_idx" on "marketing_touch" ("batch_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "marketing_touch" cascade;`);
    this.addSql(`drop table if exists "marketing_touch_batch" cascade;`);
  }
}
