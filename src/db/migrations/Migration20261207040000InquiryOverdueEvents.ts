import { Migration } from '@mikro-orm/migrations';

/**
 * INQUIRY_OVERDUE webhooks (issue 17 item 1): an event per occurrence, that is per inquiry
 * and response deadline, however many worker processes look for it at once; and the
 * lookup of open inquiries not yet answered by their deadline.
 */
export class Migration20261207040000InquiryOverdueEvents extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create unique index "webhook_event_overdue_once" on "webhook_event" ("subject_id", ("data" ->> 'response_due_at')) where "topic" = 'INQUIRY_OVERDUE'`,
    );
    this.addSql(
      `create index "inquiry_unanswered_due_idx" on "inquiry" ("response_due_at") where "first_responded_at" is null and "response_due_at" is not null`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "inquiry_unanswered_due_idx"`);
    this.addSql(`drop index "webhook_event_overdue_once"`);
  }
}
