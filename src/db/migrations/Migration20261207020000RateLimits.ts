import { Migration } from '@mikro-orm/migrations';

/**
 * Cost-based rate limits (issue 17 item 2): one leaky bucket per API key and per user, in
 * PostgreSQL so that every API process on the database charges the same bucket. The table
 * is unlogged (a crash empties it: every bucket starts full again, which only forgives), and
 * `rate_charge` restores and charges a bucket under its row lock in one statement.
 * A key may have a bucket of its own size and restore rate.
 */
export class Migration20261207020000RateLimits extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create unlogged table "rate_bucket" (
      "key" text primary key,
      "available" double precision not null,
      "updated_at" timestamptz not null)`);
    this.addSql(`alter table "api_key" add column "rate_capacity" int null, add column "rate_restore_per_second" int null`);
    // Restores the bucket for the time since its last charge (never above capacity), adds back
    // the refund owed by this process, then charges `cost` when that many points are there.
    this.addSql(`create function "rate_charge"(p_key text, p_capacity double precision, p_restore double precision,
                                               p_cost double precision, p_refund double precision)
      returns table (allowed boolean, available double precision) language plpgsql as $$
      declare
        level double precision;
      begin
        insert into rate_bucket (key, available, updated_at) values (p_key, p_capacity, clock_timestamp()) on conflict (key) do nothing;
        select least(p_capacity, b.available + p_refund + greatest(0, extract(epoch from clock_timestamp() - b.updated_at)) * p_restore)
          into level from rate_bucket b where b.key = p_key for update;
        if level >= p_cost then
          update rate_bucket set available = level - p_cost, updated_at = clock_timestamp() where key = p_key;
          return query select true, level - p_cost;
        else
          update rate_bucket set available = level, updated_at = clock_timestamp() where key = p_key;
          return query select false, level;
        end if;
      end $$`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop function "rate_charge"(text, double precision, double precision, double precision, double precision)`);
    this.addSql(`alter table "api_key" drop column "rate_capacity", drop column "rate_restore_per_second"`);
    this.addSql(`drop table "rate_bucket"`);
  }
}
