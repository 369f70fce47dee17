import { Migration } from '@mikro-orm/migrations';

/**
 * The login throttle's state, shared by every API replica: one row per throttled key (an
 * account's normalised email as a SHA-256, or a source address). `forget_at` is when the
 * streak is forgotten; rows past it mean nothing and are pruned by that index.
 */
export class Migration20261126000000LoginThrottle extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "login_throttle" ("key" varchar(100) primary key, "failures" int not null, "blocked_until" timestamptz null, "forget_at" timestamptz not null);`,
    );
    this.addSql(`create index "login_throttle_forget_at_idx" on "login_throttle" ("forget_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "login_throttle";`);
  }
}
