import { Migration } from '@mikro-orm/migrations';

export class Migration20261201184256 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "event_feed_position" ("source" varchar(32) not null, "seq" int not null, "updated_at" timestamptz not null, constraint "event_feed_position_pkey" primary key ("source"));`);

    this.addSql(`create table "outbox_event" ("seq" serial primary key, "id" uuid not null, "type" varchar(64) not null, "city" varchar(32) not null, "entity_type" varchar(32) not null, "entity_id" varchar(64) not null, "data" text not null, "occurred_at" timestamptz not null, "published_at" timestamptz null);`);
    this.addSql(`alter table "outbox_event" add constraint "outbox_event_id_unique" unique ("id");`);
    this.addSql(`create index "outbox_event_occurred_at_index" on "outbox_event" ("occurred_at");`);
    this.addSql(`create index "outbox_event_published_at_seq_index" on "outbox_event" ("published_at", "seq");`);

    this.addSql(`create table "webhook" ("id" uuid not null, "owner" varchar(255) not null, "city" varchar(32) not null, "url" text not null, "event_types" jsonb not null, "description" text null, "secret" varchar(100) not null, "active" boolean not null, "disabled" jsonb null, "disabled_at" timestamptz null, "consecutive_failures" int not null, "failing_since" timestamptz null, "created_at" timestamptz not null, "registration_key" varchar(64) not null, constraint "webhook_pkey" primary key ("id"));`);
    this.addSql(`alter table "webhook" add constraint "webhook_registration_key_unique" unique ("registration_key");`);
    this.addSql(`create index "webhook_city_active_index" on "webhook" ("city", "active");`);
    this.addSql(`create index "webhook_owner_city_created_at_index" on "webhook" ("owner", "city", "created_at");`);

    this.addSql(`create table "webhook_delivery" ("id" uuid not null, "webhook_id" uuid not null, "event_id" uuid not null, "event_type" varchar(64) not null, "payload" text not null, "status" varchar(16) not null, "attempts" int not null, "created_at" timestamptz not null, "last_attempt_at" timestamptz null, "response_status" int null, "last_error" varchar(32) null, "next_attempt_at" timestamptz null, "delivered_at" timestamptz null, "locked_until" timestamptz null, constraint "webhook_delivery_pkey" primary key ("id"));`);
    this.addSql(`create index "webhook_delivery_webhook_id_created_at_id_index" on "webhook_delivery" ("webhook_id", "created_at", "id");`);
    this.addSql(`create index "webhook_delivery_status_next_attempt_at_index" on "webhook_delivery" ("status", "next_attempt_at");`);
    this.addSql(`alter table "webhook_delivery" add constraint "webhook_delivery_webhook_id_event_id_unique" unique ("webhook_id", "event_id");`);

    this.addSql(`create table "webhook_attempt" ("id" uuid not null, "delivery_id" uuid not null, "attempted_at" timestamptz not null, "response_status" int null, "error" varchar(32) null, "duration_ms" int not null, constraint "webhook_attempt_pkey" primary key ("id"));`);
    this.addSql(`create index "webhook_attempt_delivery_id_attempted_at_index" on "webhook_attempt" ("delivery_id", "attempted_at");`);

    this.addSql(`alter table "webhook_delivery" add constraint "webhook_delivery_webhook_id_foreign" foreign key ("webhook_id") references "webhook" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "webhook_attempt" add constraint "webhook_attempt_delivery_id_foreign" foreign key ("delivery_id") references "webhook_delivery" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "webhook_delivery" drop constraint "webhook_delivery_webhook_id_foreign";`);

    this.addSql(`alter table "webhook_attempt" drop constraint "webhook_attempt_delivery_id_foreign";`);

    this.addSql(`drop table if exists "event_feed_position" cascade;`);

    this.addSql(`drop table if exists "outbox_event" cascade;`);

    this.addSql(`drop table if exists "webhook" cascade;`);

    this.addSql(`drop table if exists "webhook_delivery" cascade;`);

    this.addSql(`drop table if exists "webhook_attempt" cascade;`);
  }

}
