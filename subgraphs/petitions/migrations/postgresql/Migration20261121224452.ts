import { Migration } from '@mikro-orm/migrations';

export class Migration20261121224452 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "petition_number" ("city" varchar(32) not null, "year" int not null, "last" int not null, constraint "petition_number_pkey" primary key ("city", "year"));`);

    this.addSql(`alter table "petition" add column "author" varchar(128) null, add column "submission_key" varchar(64) null, add column "moderated_by" varchar(128) null, add column "responded_by" varchar(128) null;`);
    this.addSql(`alter table "petition" add constraint "petition_submission_key_unique" unique ("submission_key");`);
    this.addSql(`create index "petition_author_created_at_index" on "petition" ("author", "created_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "petition_number" cascade;`);

    this.addSql(`alter table "petition" drop constraint "petition_submission_key_unique";`);
    this.addSql(`drop index "petition_author_created_at_index";`);
    this.addSql(`alter table "petition" drop column "author", drop column "submission_key", drop column "moderated_by", drop column "responded_by";`);
  }

}
