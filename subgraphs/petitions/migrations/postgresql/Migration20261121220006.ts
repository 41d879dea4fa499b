import { Migration } from '@mikro-orm/migrations';

export class Migration20261121220006 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "petition" ("id" uuid not null, "number" varchar(24) not null, "city" varchar(32) not null, "district" varchar(64) null, "title_uk" text not null, "title_en" text null, "body_uk" text not null, "body_en" text null, "status" varchar(16) not null, "created_at" timestamptz not null, "opened_at" timestamptz null, "closes_at" timestamptz null, "threshold_reached_at" timestamptz null, "signature_count" int not null, "web_signature_count" int not null, "mobile_signature_count" int not null, "signature_threshold" int not null, "rejected_at" timestamptz null, "rejection_reason_uk" text null, "rejection_reason_en" text null, "responded_at" timestamptz null, "response_uk" text null, "response_en" text null, "initiator_organization_id" uuid null, constraint "petition_pkey" primary key ("id"));`);
    this.addSql(`create index "petition_initiator_organization_id_created_at_index" on "petition" ("initiator_organization_id", "created_at");`);
    this.addSql(`create index "petition_district_created_at_id_index" on "petition" ("district", "created_at", "id");`);
    this.addSql(`create index "petition_city_closes_at_id_index" on "petition" ("city", "closes_at", "id");`);
    this.addSql(`create index "petition_city_signature_count_id_index" on "petition" ("city", "signature_count", "id");`);
    this.addSql(`create index "petition_city_created_at_id_index" on "petition" ("city", "created_at", "id");`);
    this.addSql(`alter table "petition" add constraint "petition_city_number_unique" unique ("city", "number");`);

    this.addSql(`create table "petition_heritage_object" ("petition_id" uuid not null, "heritage_object_id" uuid not null, constraint "petition_heritage_object_pkey" primary key ("petition_id", "heritage_object_id"));`);
    this.addSql(`create index "petition_heritage_object_heritage_object_id_index" on "petition_heritage_object" ("heritage_object_id");`);

    this.addSql(`create table "signature" ("id" uuid not null, "petition_id" uuid not null, "signer" varchar(128) not null, "channel" varchar(16) not null, "city" varchar(32) not null, "district" varchar(64) null, "signed_at" timestamptz not null, constraint "signature_pkey" primary key ("id"));`);
    this.addSql(`create index "signature_signer_signed_at_index" on "signature" ("signer", "signed_at");`);
    this.addSql(`create index "signature_city_signed_at_index" on "signature" ("city", "signed_at");`);
    this.addSql(`alter table "signature" add constraint "signature_petition_id_signer_unique" unique ("petition_id", "signer");`);

    this.addSql(`alter table "petition_heritage_object" add constraint "petition_heritage_object_petition_id_foreign" foreign key ("petition_id") references "petition" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "signature" add constraint "signature_petition_id_foreign" foreign key ("petition_id") references "petition" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "petition_heritage_object" drop constraint "petition_heritage_object_petition_id_foreign";`);

    this.addSql(`alter table "signature" drop constraint "signature_petition_id_foreign";`);

    this.addSql(`drop table if exists "petition" cascade;`);

    this.addSql(`drop table if exists "petition_heritage_object" cascade;`);

    this.addSql(`drop table if exists "signature" cascade;`);
  }

}
