import { Migration } from '@mikro-orm/migrations';

/**
 * Matched portfolios (issue 17 item 5, DOMAIN C7): one `customerAssignBatch` request is a
 * batch, what was asked (the new owner, the segment, the count and the mix) and the mix it
 * achieved (`report`), which an idempotency key replays. Each customer handed over keeps its
 * own `customer_assignment` row, pointing at the batch.
 */
export class Migration20261207060000AssignmentBatches extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "customer_assignment_batch" (
      "id" serial primary key,
      "to_owner_id" int not null references "app_user" ("id") on update no action on delete restrict,
      "segment_id" int null references "segment" ("id") on update no action on delete set null,
      "requested_count" int null check ("requested_count" > 0),
      "mix" jsonb null,
      "report" jsonb not null,
      "reason" varchar(500) not null,
      "assigned_by_id" int null references "app_user" ("id") on update no action on delete restrict,
      "created_at" timestamptz not null
    );`);
    this.addSql(`alter table "customer_assignment"
      add column "batch_id" int null references "customer_assignment_batch" ("id") on update no action on delete restrict;`);
    this.addSql(`create index "customer_assignment_batch_idx" on "customer_assignment" ("batch_id") where "batch_id" is not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "customer_assignment" drop column if exists "batch_id";`);
    this.addSql(`drop table if exists "customer_assignment_batch" cascade;`);
  }
}
