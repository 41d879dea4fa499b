import { Migration } from '@mikro-orm/migrations';

export class Migration20261121220007 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "organization" ("id" uuid not null, "edrpou" varchar(8) not null, "city" varchar(32) not null, "district" varchar(64) null, "name_uk" text not null, "name_en" text null, "short_name" text null, "legal_form" varchar(32) not null, "status" varchar(16) not null, "applied_at" timestamptz not null, "registered_at" timestamptz null, "decline_reason_uk" text null, "decline_reason_en" text null, "activity_areas_uk" jsonb not null, "activity_areas_en" jsonb not null, "search_text" text not null, constraint "organization_pkey" primary key ("id"));`);
    this.addSql(`create index "organization_district_status_name_uk_id_index" on "organization" ("district", "status", "name_uk", "id");`);
    this.addSql(`create index "organization_city_status_name_uk_id_index" on "organization" ("city", "status", "name_uk", "id");`);
    this.addSql(`alter table "organization" add constraint "organization_city_edrpou_unique" unique ("city", "edrpou");`);

    this.addSql(`create table "organization_document" ("id" uuid not null, "organization_id" uuid not null, "kind" varchar(24) not null, "title_uk" text not null, "title_en" text null, "year" int not null, "url" text not null, "published_at" timestamptz not null, constraint "organization_document_pkey" primary key ("id"));`);
    this.addSql(`create index "organization_document_organization_id_year_index" on "organization_document" ("organization_id", "year");`);

    this.addSql(`alter table "organization_document" add constraint "organization_document_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "organization_document" drop constraint "organization_document_organization_id_foreign";`);

    this.addSql(`drop table if exists "organization" cascade;`);

    this.addSql(`drop table if exists "organization_document" cascade;`);
  }

}
