import { Migration } from '@mikro-orm/migrations';

/**
 * Read-your-writes with a read replica (issue 19 item 4): the time of each viewer's last
 * committed write (`user:<id>` or `key:<id>`), kept on the primary where every API process
 * reads it; a viewer's heavy reads go to the primary until the replica holds that write
 * (src/services/read-routing.ts). Written only when DATABASE_READ_URL is set. Unlogged: it
 * is read on the primary only, never replicated, and a crash that empties it forgets at most
 * the last few seconds of writes (the lag bound), no data.
 */
export class Migration20261207100000RecentWrites extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create unlogged table "recent_write" ("viewer" text primary key, "at" timestamptz not null)`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table "recent_write"`);
  }
}
