import { Migration } from '@mikro-orm/migrations';

/** Organisation, staff access (tokens, API keys) and the customer database. */
export class Migration20261123000000Initial extends Migration {
  override async up(): Promise<void> {
    // Trigram indexes back the customer text search (name, phone, email; Chinese included).
    this.addSql(`create extension if not exists pg_trgm;`);
    this.addSql(
      `create table "custom_field_definition" ("id" serial primary key, "key" varchar(50) not null, "label" varchar(100) not null, "type" text check ("type" in ('TEXT', 'NUMBER', 'DATE', 'OPTION')) not null, "options" text[] not null, "required" boolean not null default false, "active" boolean not null default true, "position" int not null default 0, "created_at" timestamptz not null, "updated_at" timestamptz not null);`,
    );
    this.addSql(`alter table "custom_field_definition" add constraint "custom_field_definition_key_unique" unique ("key");`);
    this.addSql(
      `create table "department" ("id" serial primary key, "name" varchar(100) not null, "parent_id" int null, "path" varchar(400) not null default '/', "created_at" timestamptz not null, "updated_at" timestamptz not null);`,
    );
    this.addSql(`create index department_path_idx on department (path text_pattern_ops);`);
    this.addSql(
      `create table "store" ("id" serial primary key, "name" varchar(100) not null, "department_id" int not null, "city" varchar(50) null, "address" varchar(300) null, "active" boolean not null default true, "created_at" timestamptz not null, "updated_at" timestamptz not null);`,
    );
    this.addSql(`create index "store_department_id_index" on "store" ("department_id");`);
    this.addSql(
      `create table "app_user" ("id" serial primary key, "name" varchar(100) not null, "email" varchar(254) not null, "phone" varchar(20) null, "role" text check ("role" in ('ADMIN', 'MANAGER', 'SALES')) not null, "department_id" int null, "store_id" int null, "active" boolean not null default true, "password_hash" varchar(200) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`,
    );
    this.addSql(`alter table "app_user" add constraint "app_user_email_unique" unique ("email");`);
    this.addSql(`create index "app_user_department_id_index" on "app_user" ("department_id");`);
    this.addSql(`create index "app_user_store_id_index" on "app_user" ("store_id");`);
    this.addSql(
      `create table "customer" ("id" serial primary key, "kind" text check ("kind" in ('PERSON', 'COMPANY')) not null, "name" varchar(200) not null, "company_name" varchar(200) null, "phone" varchar(20) null, "email" varchar(254) null, "phones" text[] not null, "emails" text[] not null, "wechat_ids" text[] not null, "addresses" jsonb not null, "source" varchar(30) null, "country" varchar(2) not null default 'CN', "province" varchar(50) null, "city" varchar(50) null, "city_tier" smallint null, "industry" varchar(100) null, "birthday" date null, "important_dates" jsonb not null, "economic_status" varchar(20) null, "purchase_characteristics" text null, "previous_categories" text[] not null, "main_suppliers" jsonb not null, "gender" varchar(10) null, "age_band" varchar(20) null, "income_band" varchar(20) null, "occupation" varchar(100) null, "education" varchar(20) null, "company_size" varchar(20) null, "types" text[] not null, "tags" text[] not null, "custom_fields" jsonb not null, "preferred_channel" varchar(20) null, "preferred_contact_time" varchar(100) null, "consents" jsonb not null, "notes" text null, "owner_id" int null, "department_id" int null, "store_id" int null, "search_text" text not null default '', "version" int not null default 1, "archived_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`,
    );
    this.addSql(`create index "customer_phone_idx" on "customer" ("phone");`);
    this.addSql(`create index "customer_email_idx" on "customer" ("email");`);
    this.addSql(`create index "customer_source_idx" on "customer" ("source");`);
    this.addSql(`create index "customer_city_tier_idx" on "customer" ("city_tier");`);
    this.addSql(`create index "customer_industry_idx" on "customer" ("industry");`);
    this.addSql(`create index "customer_owner_idx" on "customer" ("owner_id");`);
    this.addSql(`create index "customer_department_idx" on "customer" ("department_id");`);
    this.addSql(`create index "customer_store_idx" on "customer" ("store_id");`);
    this.addSql(`create index "customer_region_idx" on "customer" ("province", "city");`);
    this.addSql(`create index customer_types_idx on customer using gin (types);`);
    this.addSql(`create index customer_tags_idx on customer using gin (tags);`);
    this.addSql(`create index customer_search_trgm_idx on customer using gin (search_text gin_trgm_ops);`);
    this.addSql(`create index "customer_name_id_idx" on "customer" ("name", "id");`);
    this.addSql(`create index "customer_updated_at_id_idx" on "customer" ("updated_at", "id");`);
    this.addSql(`create index "customer_created_at_id_idx" on "customer" ("created_at", "id");`);
    this.addSql(
      `create table "customer_assignment" ("id" serial primary key, "customer_id" int not null, "from_owner_id" int null, "to_owner_id" int null, "reason" varchar(500) not null, "assigned_by_id" int null, "assigned_at" timestamptz not null);`,
    );
    this.addSql(`create index "customer_assignment_customer_idx" on "customer_assignment" ("customer_id", "assigned_at", "id");`);
    this.addSql(
      `create table "auth_token" ("id" serial primary key, "user_id" int not null, "token_hash" varchar(64) not null, "expires_at" timestamptz not null, "created_at" timestamptz not null);`,
    );
    this.addSql(`create index "auth_token_user_id_index" on "auth_token" ("user_id");`);
    this.addSql(`alter table "auth_token" add constraint "auth_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "auth_token_expires_at_idx" on "auth_token" ("expires_at");`);
    this.addSql(
      `create table "api_key" ("id" serial primary key, "name" varchar(100) not null, "prefix" varchar(20) not null, "secret_hash" varchar(64) not null, "scopes" text[] not null, "expires_at" timestamptz null, "revoked_at" timestamptz null, "last_used_at" timestamptz null, "created_by_id" int not null, "created_at" timestamptz not null);`,
    );
    this.addSql(`alter table "api_key" add constraint "api_key_secret_hash_unique" unique ("secret_hash");`);
    this.addSql(
      `alter table "department" add constraint "department_parent_id_foreign" foreign key ("parent_id") references "department" ("id") on update no action on delete restrict;`,
    );
    this.addSql(
      `alter table "store" add constraint "store_department_id_foreign" foreign key ("department_id") references "department" ("id") on update no action on delete restrict;`,
    );
    this.addSql(
      `alter table "app_user" add constraint "app_user_department_id_foreign" foreign key ("department_id") references "department" ("id") on update no action on delete restrict;`,
    );
    this.addSql(
      `alter table "app_user" add constraint "app_user_store_id_foreign" foreign key ("store_id") references "store" ("id") on update no action on delete restrict;`,
    );
    this.addSql(
      `alter table "customer" add constraint "customer_owner_id_foreign" foreign key ("owner_id") references "app_user" ("id") on update no action on delete restrict;`,
    );
    this.addSql(
      `alter table "customer" add constraint "customer_department_id_foreign" foreign key ("department_id") references "department" ("id") on update no action on delete restrict;`,
    );
    this.addSql(
      `alter table "customer" add constraint "customer_store_id_foreign" foreign key ("store_id") references "store" ("id") on update no action on delete restrict;`,
    );
    this.addSql(
      `alter table "customer_assignment" add constraint "customer_assignment_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update no action on delete cascade;`,
    );
    this.addSql(
      `alter table "customer_assignment" add constraint "customer_assignment_from_owner_id_foreign" foreign key ("from_owner_id") references "app_user" ("id") on update no action on delete restrict;`,
    );
    this.addSql(
      `alter table "customer_assignment" add constraint "customer_assignment_to_owner_id_foreign" foreign key ("to_owner_id") references "app_user" ("id") on update no action on delete restrict;`,
    );
    this.addSql(
      `alter table "customer_assignment" add constraint "customer_assignment_assigned_by_id_foreign" foreign key ("assigned_by_id") references "app_user" ("id") on update no action on delete restrict;`,
    );
    this.addSql(
      `alter table "auth_token" add constraint "auth_token_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update no action on delete cascade;`,
    );
    this.addSql(
      `alter table "api_key" add constraint "api_key_created_by_id_foreign" foreign key ("created_by_id") references "app_user" ("id") on update no action on delete restrict;`,
    );
  }

  override async down(): Promise<void> {
    for (const table of [
      'api_key',
      'auth_token',
      'customer_assignment',
      'customer',
      'app_user',
      'store',
      'department',
      'custom_field_definition',
    ]) {
      this.addSql(`drop table if exists "${table}" cascade;`);
    }
  }
}
