import { Migration } from '@mikro-orm/migrations';

/** REMINDER_DUE webhooks (issue 17 item 1): one event per reminder occurrence (customer, kind, key), however many workers look. */
export class Migration20261207070000ReminderDueEvents extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create unique index "webhook_event_reminder_once" on "webhook_event" ("customer_id", ("data" ->> 'kind'), ("data" ->> 'occurrence_key')) where "topic" = 'REMINDER_DUE'`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "webhook_event_reminder_once"`);
  }
}
