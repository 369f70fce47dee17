import { Migration } from '@mikro-orm/migrations';

/** Products, orders and payments, follow-ups, inquiries, after-sale cases and customer figures. */
export class Migration20261123010000Records extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "follow_up_step" ("id" serial primary key, "key" varchar(50) not null, "name" varchar(100) not null, "position" int not null, "active" boolean not null default true, "created_at" timestamptz not null);`,
    );
    this.addSql(`alter table "follow_up_step" add constraint "follow_up_step_key_unique" unique ("key");`);
    this.addSql(
      `create table "idempotency_record" ("operation" varchar(40) not null, "key" varchar(200) not null, "request_hash" varchar(64) not null, "resource_id" int null, "created_at" timestamptz not null, constraint "idempotency_record_pkey" primary key ("operation", "key"));`,
    );
    this.addSql(
      `create table "product_category" ("id" serial primary key, "name" varchar(100) not null, "parent_id" int null, "path" varchar(400) not null default '/', "created_at" timestamptz not null);`,
    );
    this.addSql(`create index product_category_path_idx on product_category (path text_pattern_ops);`);
    this.addSql(
      `create table "product" ("id" serial primary key, "sku" varchar(64) not null, "name" varchar(200) not null, "category_id" int null, "list_price" numeric(14,2) not null, "cost" numeric(14,2) not null, "currency" varchar(3) not null default 'CNY', "usage_cycle_days" int null, "maintenance_interval_days" int null, "active" boolean not null default true, "created_at" timestamptz not null, "updated_at" timestamptz not null);`,
    );
    this.addSql(`alter table "product" add constraint "product_sku_unique" unique ("sku");`);
    this.addSql(`create index "product_category_idx" on "product" ("category_id");`);
    this.addSql(
      `create table "sales_order" ("id" serial primary key, "number" varchar(32) not null, "customer_id" int not null, "salesperson_id" int null, "store_id" int null, "status" text check ("status" in ('PENDING', 'COMPLETED', 'CANCELLED', 'REFUNDED')) not null default 'PENDING', "currency" varchar(3) not null default 'CNY', "subtotal" numeric(14,2) not null, "discount_total" numeric(14,2) not null, "total" numeric(14,2) not null, "cost_total" numeric(14,2) not null, "paid_total" numeric(14,2) not null default '0', "ordered_at" timestamptz not null, "completed_at" timestamptz null, "cancelled_at" timestamptz null, "refunded_at" timestamptz null, "note" varchar(500) null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`,
    );
    this.addSql(`alter table "sales_order" add constraint "sales_order_number_unique" unique ("number");`);
    this.addSql(`create index "sales_order_salesperson_idx" on "sales_order" ("salesperson_id");`);
    this.addSql(`create index "sales_order_store_idx" on "sales_order" ("store_id");`);
    this.addSql(`create index "sales_order_ordered_at_idx" on "sales_order" ("ordered_at", "id");`);
    this.addSql(`create index "sales_order_customer_idx" on "sales_order" ("customer_id", "ordered_at", "id");`);
    this.addSql(
      `create table "service_case" ("id" serial primary key, "customer_id" int not null, "order_id" int null, "product_id" int null, "type" text check ("type" in ('DELIVERY', 'INSTALLATION', 'WARRANTY', 'MAINTENANCE', 'COMPLAINT')) not null, "status" text check ("status" in ('OPEN', 'SCHEDULED', 'IN_PROGRESS', 'RESOLVED', 'CLOSED', 'CANCELLED')) not null default 'OPEN', "description" text not null, "appointment_at" timestamptz null, "assignee_id" int null, "resolution" text null, "resolved_at" timestamptz null, "satisfaction" smallint null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`,
    );
    this.addSql(`create index "service_case_customer_idx" on "service_case" ("customer_id", "created_at", "id");`);
    this.addSql(
      `create table "payment" ("id" serial primary key, "order_id" int not null, "customer_id" int not null, "amount" numeric(14,2) not null, "currency" varchar(3) not null, "paid_at" timestamptz not null, "method" text check ("method" in ('CASH', 'BANK_TRANSFER', 'WECHAT_PAY', 'ALIPAY', 'CARD', 'OTHER')) not null, "reference" varchar(100) null, "recorded_by_id" int null, "created_at" timestamptz not null);`,
    );
    this.addSql(`create index "payment_customer_idx" on "payment" ("customer_id", "paid_at", "id");`);
    this.addSql(`create index "payment_order_idx" on "payment" ("order_id", "paid_at");`);
    this.addSql(
      `create table "order_line" ("id" serial primary key, "order_id" int not null, "product_id" int not null, "position" smallint not null, "quantity" numeric(12,3) not null, "unit_price" numeric(14,2) not null, "discount" numeric(14,2) not null, "line_total" numeric(14,2) not null, "unit_cost" numeric(14,2) not null);`,
    );
    this.addSql(`create index "order_line_product_idx" on "order_line" ("product_id");`);
    this.addSql(`create index "order_line_order_idx" on "order_line" ("order_id", "position");`);
    this.addSql(
      `create table "inquiry" ("id" serial primary key, "customer_id" int not null, "salesperson_id" int null, "received_at" timestamptz not null, "channel" text check ("channel" in ('PHONE', 'EMAIL', 'FAX', 'WEBSITE', 'WECHAT', 'B2B_PLATFORM', 'EXHIBITION', 'OTHER')) not null, "urgency" text check ("urgency" in ('URGENT', 'NORMAL')) not null, "status" text check ("status" in ('NEW', 'QUOTED', 'NEGOTIATING', 'WON', 'LOST')) not null default 'NEW', "country" varchar(2) null, "project_details" text not null, "application_area" varchar(200) null, "quantity" numeric(12,3) null, "quantity_unit" varchar(20) null, "currency" varchar(3) not null default 'CNY', "target_price" numeric(14,2) null, "amount" numeric(14,2) null, "packaging" varchar(500) null, "delivery_requirements" varchar(500) null, "customer_background" text null, "repeat_order" boolean not null default false, "response_due_at" timestamptz not null, "first_responded_at" timestamptz null, "lost_reason" varchar(500) null, "order_id" int null, "closed_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`,
    );
    this.addSql(`create index "inquiry_salesperson_idx" on "inquiry" ("salesperson_id");`);
    this.addSql(`create index "inquiry_status_due_idx" on "inquiry" ("status", "response_due_at");`);
    this.addSql(`create index "inquiry_customer_idx" on "inquiry" ("customer_id", "received_at", "id");`);
    this.addSql(
      `create table "follow_up" ("id" serial primary key, "customer_id" int not null, "salesperson_id" int null, "channel" text check ("channel" in ('CALL', 'VISIT', 'EMAIL', 'SMS', 'WECHAT', 'MEETING', 'OTHER')) not null, "occurred_at" timestamptz not null, "summary" text not null, "outcome" text check ("outcome" in ('INTERESTED', 'NEEDS_FOLLOW_UP', 'QUOTED', 'ORDERED', 'NOT_INTERESTED', 'NO_RESPONSE', 'OTHER')) null, "outcome_note" varchar(500) null, "next_follow_up_on" date null, "step_id" int null, "created_at" timestamptz not null);`,
    );
    this.addSql(`create index "follow_up_salesperson_idx" on "follow_up" ("salesperson_id");`);
    this.addSql(`create index "follow_up_next_idx" on "follow_up" ("next_follow_up_on");`);
    this.addSql(`create index "follow_up_customer_idx" on "follow_up" ("customer_id", "occurred_at", "id");`);
    this.addSql(
      `create table "customer_stats" ("customer_id" int not null, "first_order_at" timestamptz null, "last_order_at" timestamptz null, "order_count" int not null, "total_spent" numeric(16,2) not null, "gross_profit" numeric(16,2) not null, "outstanding" numeric(16,2) not null, "last_follow_up_at" timestamptz null, "follow_up_count" int not null, "last_qualifying_follow_up_at" timestamptz null, "open_inquiry_count" int not null, "open_inquiry_amount" numeric(16,2) not null, "satisfaction_count" int not null, "satisfaction_sum" int not null, "updated_at" timestamptz not null, constraint "customer_stats_pkey" primary key ("customer_id"));`,
    );
    this.addSql(
      `alter table "product_category" add constraint "product_category_parent_id_foreign" foreign key ("parent_id") references "product_category" ("id") on update no action on delete restrict;`,
    );
    this.addSql(
      `alter table "product" add constraint "product_category_id_foreign" foreign key ("category_id") references "product_category" ("id") on update no action on delete restrict;`,
    );
    this.addSql(
      `alter table "sales_order" add constraint "sales_order_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update no action on delete restrict;`,
    );
    this.addSql(
      `alter table "sales_order" add constraint "sales_order_salesperson_id_foreign" foreign key ("salesperson_id") references "app_user" ("id") on update no action on delete restrict;`,
    );
    this.addSql(
      `alter table "sales_order" add constraint "sales_order_store_id_foreign" foreign key ("store_id") references "store" ("id") on update no action on delete restrict;`,
    );
    this.addSql(
      `alter table "service_case" add constraint "service_case_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update no action on delete restrict;`,
    );
    this.addSql(
      `alter table "service_case" add constraint "service_case_order_id_foreign" foreign key ("order_id") references "sales_order" ("id") on update no action on delete restrict;`,
    );
    this.addSql(
      `alter table "service_case" add constraint "service_case_product_id_foreign" foreign key ("product_id") references "product" ("id") on update no action on delete restrict;`,
    );
    this.addSql(
      `alter table "service_case" add constraint "service_case_assignee_id_foreign" foreign key ("assignee_id") references "app_user" ("id") on update no action on delete restrict;`,
    );
    this.addSql(
      `alter table "payment" add constraint "payment_order_id_foreign" foreign key ("order_id") references "sales_order" ("id") on update no action on delete restrict;`,
    );
    this.addSql(
      `alter table "payment" add constraint "payment_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update no action on delete restrict;`,
    );
    this.addSql(
      `alter table "payment" add constraint "payment_recorded_by_id_foreign" foreign key ("recorded_by_id") references "app_user" ("id") on update no action on delete restrict;`,
    );
    this.addSql(
      `alter table "order_line" add constraint "order_line_order_id_foreign" foreign key ("order_id") references "sales_order" ("id") on update no action on delete cascade;`,
    );
    this.addSql(
      `alter table "order_line" add constraint "order_line_product_id_foreign" foreign key ("product_id") references "product" ("id") on update no action on delete restrict;`,
    );
    this.addSql(
      `alter table "inquiry" add constraint "inquiry_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update no action on delete restrict;`,
    );
    this.addSql(
      `alter table "inquiry" add constraint "inquiry_salesperson_id_foreign" foreign key ("salesperson_id") references "app_user" ("id") on update no action on delete restrict;`,
    );
    this.addSql(
      `alter table "inquiry" add constraint "inquiry_order_id_foreign" foreign key ("order_id") references "sales_order" ("id") on update no action on delete restrict;`,
    );
    this.addSql(
      `alter table "follow_up" add constraint "follow_up_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update no action on delete restrict;`,
    );
    this.addSql(
      `alter table "follow_up" add constraint "follow_up_salesperson_id_foreign" foreign key ("salesperson_id") references "app_user" ("id") on update no action on delete restrict;`,
    );
    this.addSql(
      `alter table "follow_up" add constraint "follow_up_step_id_foreign" foreign key ("step_id") references "follow_up_step" ("id") on update no action on delete restrict;`,
    );
    this.addSql(
      `alter table "customer_stats" add constraint "customer_stats_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update no action on delete cascade;`,
    );
    this.addSql(`create sequence "order_number_seq";`);
    this.addSql(`alter table "order_line" add constraint "order_line_quantity_positive" check ("quantity" > 0);`);
    this.addSql(
      `alter table "order_line" add constraint "order_line_amounts_valid" check ("unit_price" >= 0 and "discount" >= 0 and "line_total" >= 0 and "unit_cost" >= 0);`,
    );
    this.addSql(
      `alter table "sales_order" add constraint "sales_order_amounts_valid" check ("total" >= 0 and "paid_total" >= 0 and "cost_total" >= 0);`,
    );
    this.addSql(`alter table "payment" add constraint "payment_amount_positive" check ("amount" > 0);`);
    this.addSql(`alter table "product" add constraint "product_amounts_valid" check ("list_price" >= 0 and "cost" >= 0);`);
    this.addSql(`alter table "service_case" add constraint "service_case_satisfaction_range" check ("satisfaction" between 1 and 5);`);
    this.addSql(`alter table "inquiry" add constraint "inquiry_order_unique" unique ("order_id");`);
    this.addSql(
      `alter table "inquiry" add constraint "inquiry_lost_needs_reason" check ("status" <> 'LOST' or "lost_reason" is not null);`,
    );
  }

  override async down(): Promise<void> {
    for (const table of [
      'customer_stats',
      'service_case',
      'inquiry',
      'follow_up',
      'follow_up_step',
      'payment',
      'order_line',
      'sales_order',
      'idempotency_record',
      'product',
      'product_category',
    ]) {
      this.addSql(`drop table if exists "${table}" cascade;`);
    }
    this.addSql(`drop sequence if exists "order_number_seq";`);
  }
}
