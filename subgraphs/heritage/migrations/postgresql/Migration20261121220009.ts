import { Migration } from '@mikro-orm/migrations';

export class Migration20261121220009 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "heritage_object" ("id" uuid not null, "city" varchar(32) not null, "district" varchar(64) null, "name_uk" text not null, "name_en" text null, "protection_number" varchar(32) not null, "significance" varchar(16) not null, "types" jsonb not null, "dating_uk" text null, "dating_en" text null, "address_uk" text not null, "address_en" text null, "lat" double precision not null, "lng" double precision not null, "condition" varchar(16) not null, "condition_recorded_at" timestamptz not null, constraint "heritage_object_pkey" primary key ("id"));`);
    this.addSql(`create index "heritage_object_lat_lng_index" on "heritage_object" ("lat", "lng");`);
    this.addSql(`create index "heritage_object_district_name_uk_id_index" on "heritage_object" ("district", "name_uk", "id");`);
    this.addSql(`create index "heritage_object_city_name_uk_id_index" on "heritage_object" ("city", "name_uk", "id");`);

    this.addSql(`create table "condition_record" ("id" uuid not null, "heritage_object_id" uuid not null, "condition" varchar(16) not null, "recorded_at" timestamptz not null, "source" varchar(16) not null, "note_uk" text null, "note_en" text null, constraint "condition_record_pkey" primary key ("id"));`);
    this.addSql(`create index "condition_record_heritage_object_id_recorded_at_index" on "condition_record" ("heritage_object_id", "recorded_at");`);

    this.addSql(`create table "heritage_steward" ("heritage_object_id" uuid not null, "organization_id" uuid not null, constraint "heritage_steward_pkey" primary key ("heritage_object_id", "organization_id"));`);
    this.addSql(`create index "heritage_steward_organization_id_index" on "heritage_steward" ("organization_id");`);

    this.addSql(`alter table "condition_record" add constraint "condition_record_heritage_object_id_foreign" foreign key ("heritage_object_id") references "heritage_object" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "heritage_steward" add constraint "heritage_steward_heritage_object_id_foreign" foreign key ("heritage_object_id") references "heritage_object" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "condition_record" drop constraint "condition_record_heritage_object_id_foreign";`);

    this.addSql(`alter table "heritage_steward" drop constraint "heritage_steward_heritage_object_id_foreign";`);

    this.addSql(`drop table if exists "heritage_object" cascade;`);

    this.addSql(`drop table if exists "condition_record" cascade;`);

    this.addSql(`drop table if exists "heritage_steward" cascade;`);
  }

}
