import { Migration } from '@mikro-orm/migrations';

export class Migration20261121225853 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "heritage_media" ("id" uuid not null, "heritage_object_id" uuid not null, "kind" varchar(16) not null, "title" text null, "url" text not null, "added_at" timestamptz not null, constraint "heritage_media_pkey" primary key ("id"));`);
    this.addSql(`create index "heritage_media_heritage_object_id_kind_added_at_index" on "heritage_media" ("heritage_object_id", "kind", "added_at");`);

    this.addSql(`alter table "heritage_media" add constraint "heritage_media_heritage_object_id_foreign" foreign key ("heritage_object_id") references "heritage_object" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "heritage_report" add column "submission_key" varchar(64) null;`);
    this.addSql(`alter table "heritage_report" add constraint "heritage_report_submission_key_unique" unique ("submission_key");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "heritage_media" cascade;`);

    this.addSql(`alter table "heritage_report" drop constraint "heritage_report_submission_key_unique";`);
    this.addSql(`alter table "heritage_report" drop column "submission_key";`);
  }

}
