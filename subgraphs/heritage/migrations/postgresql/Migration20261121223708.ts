import { Migration } from '@mikro-orm/migrations';

export class Migration20261121223708 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "heritage_report" ("id" uuid not null, "heritage_object_id" uuid not null, "reporter" varchar(128) not null, "city" varchar(32) not null, "condition" varchar(16) not null, "note" text not null, "photo_urls" jsonb not null, "status" varchar(16) not null, "submitted_at" timestamptz not null, "reviewed_at" timestamptz null, "reviewer" varchar(128) null, "decline_reason" text null, constraint "heritage_report_pkey" primary key ("id"));`);
    this.addSql(`create index "heritage_report_city_status_submitted_at_index" on "heritage_report" ("city", "status", "submitted_at");`);
    this.addSql(`create index "heritage_report_reporter_submitted_at_index" on "heritage_report" ("reporter", "submitted_at");`);

    this.addSql(`alter table "heritage_report" add constraint "heritage_report_heritage_object_id_foreign" foreign key ("heritage_object_id") references "heritage_object" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "heritage_report" cascade;`);
  }

}
