import { Migration } from '@mikro-orm/migrations';

/** The outbox of domain events, written with the writes that cause them (subgraphs/shared/outbox). */
export class Migration20261201183929 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "outbox_event" ("seq" serial primary key, "id" uuid not null, "type" varchar(64) not null, "city" varchar(32) not null, "entity_type" varchar(32) not null, "entity_id" varchar(64) not null, "data" text not null, "occurred_at" timestamptz not null, "published_at" timestamptz null);`);
    this.addSql(`alter table "outbox_event" add constraint "outbox_event_id_unique" unique ("id");`);
    this.addSql(`create index "outbox_event_occurred_at_index" on "outbox_event" ("occurred_at");`);
    this.addSql(`create index "outbox_event_published_at_seq_index" on "outbox_event" ("published_at", "seq");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "outbox_event" cascade;`);
  }

}
