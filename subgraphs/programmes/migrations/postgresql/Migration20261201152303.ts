import { Migration } from '@mikro-orm/migrations';

export class Migration20261201152303 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "programme_document" ("id" uuid not null, "sha256" varchar(64) not null, "name" text not null, "layout" varchar(32) not null, "line_count" int not null, "warnings" jsonb not null, "imported_at" timestamptz not null, "imported_by" varchar(255) not null, constraint "programme_document_pkey" primary key ("id"));`);
    this.addSql(`alter table "programme_document" add constraint "programme_document_sha256_unique" unique ("sha256");`);

    this.addSql(`create table "programme" ("id" uuid not null, "programme_key" text not null, "city" varchar(32) not null, "kind" varchar(32) not null, "title" text not null, "title_inferred" boolean not null, "start_year" int null, "end_year" int null, "approved_by" text null, "document_id" uuid not null, "lines" jsonb not null, constraint "programme_pkey" primary key ("id"));`);
    this.addSql(`alter table "programme" add constraint "programme_programme_key_unique" unique ("programme_key");`);
    this.addSql(`create index "programme_city_start_year_id_index" on "programme" ("city", "start_year", "id");`);

    this.addSql(`create table "programme_report" ("id" uuid not null, "programme_id" uuid not null, "title" text not null, "period_start" varchar(10) not null, "period_end" varchar(10) not null, "period_text" text null, "city" varchar(32) not null, "state" varchar(16) not null, "last_changed_at" timestamptz not null, "opened_by" varchar(255) not null, "opened_at" timestamptz not null, "published_by" varchar(255) null, "published_at" timestamptz null, "planned_stated" numeric(20,5) null, "spent_stated" numeric(20,5) null, "deviation_stated" numeric(20,5) null, "spent_stated_by_source" jsonb not null, "document_id" uuid null, "lines" jsonb not null, constraint "programme_report_pkey" primary key ("id"));`);
    this.addSql(`alter table "programme_report" add constraint "programme_report_programme_id_period_start_period_end_unique" unique ("programme_id", "period_start", "period_end");`);

    this.addSql(`create table "programme_goal" ("id" uuid not null, "programme_id" uuid not null, "goal_key" varchar(64) not null, "position" int not null, "number" varchar(32) null, "level" varchar(16) not null, "parent_number" varchar(32) null, "title" text not null, "executors" jsonb not null, "partners" jsonb not null, "expected_results" text null, "strategic_goal" text null, "document_id" uuid not null, "lines" jsonb not null, constraint "programme_goal_pkey" primary key ("id"));`);
    this.addSql(`alter table "programme_goal" add constraint "programme_goal_programme_id_goal_key_unique" unique ("programme_id", "goal_key");`);

    this.addSql(`create table "measure" ("id" uuid not null, "programme_id" uuid not null, "goal_id" uuid null, "measure_key" varchar(64) not null, "position" int not null, "number" varchar(32) not null, "number_as_written" varchar(32) null, "heading" text null, "title" text not null, "deadline" text null, "period_start" varchar(10) null, "period_end" varchar(10) null, "expected_results" text null, "indicators" text null, "funding_note" text null, "status" varchar(16) not null, "document_id" uuid not null, "lines" jsonb not null, constraint "measure_pkey" primary key ("id"));`);
    this.addSql(`create index "measure_programme_id_status_position_index" on "measure" ("programme_id", "status", "position");`);
    this.addSql(`create index "measure_programme_id_position_index" on "measure" ("programme_id", "position");`);
    this.addSql(`alter table "measure" add constraint "measure_programme_id_measure_key_unique" unique ("programme_id", "measure_key");`);

    this.addSql(`create table "measure_progress" ("id" uuid not null, "report_id" uuid not null, "measure_id" uuid not null, "status" varchar(16) not null, "status_text" text null, "text" text null, "spent" numeric(20,5) null, "reasons" text null, "evidence_urls" jsonb not null, "spent_by_source" jsonb not null, "recorded_by" varchar(255) not null, "recorded_at" timestamptz not null, "document_id" uuid null, "lines" jsonb not null, constraint "measure_progress_pkey" primary key ("id"));`);
    this.addSql(`create index "measure_progress_measure_id_index" on "measure_progress" ("measure_id");`);
    this.addSql(`alter table "measure_progress" add constraint "measure_progress_report_id_measure_id_unique" unique ("report_id", "measure_id");`);

    this.addSql(`create table "measure_progress_change" ("id" uuid not null, "progress_id" uuid not null, "changed_by" varchar(255) not null, "changed_at" timestamptz not null, "status" varchar(16) not null, "text" text null, "spent" numeric(20,5) null, "reasons" text null, "evidence_urls" jsonb not null, "document_id" uuid null, constraint "measure_progress_change_pkey" primary key ("id"));`);
    this.addSql(`create index "measure_progress_change_progress_id_changed_at_index" on "measure_progress_change" ("progress_id", "changed_at");`);

    this.addSql(`create table "measure_party" ("id" uuid not null, "measure_id" uuid not null, "role" varchar(16) not null, "position" int not null, "name" text not null, "name_key" text not null, "organization_id" uuid null, "document_id" uuid not null, "line" int not null, constraint "measure_party_pkey" primary key ("id"));`);
    this.addSql(`create index "measure_party_organization_id_measure_id_index" on "measure_party" ("organization_id", "measure_id");`);
    this.addSql(`alter table "measure_party" add constraint "measure_party_measure_id_role_position_unique" unique ("measure_id", "role", "position");`);

    this.addSql(`create table "measure_funding" ("id" uuid not null, "measure_id" uuid not null, "position" int not null, "kind" varchar(16) not null, "source" text null, "year" int null, "amount" numeric(20,5) null, "document_id" uuid not null, "line" int not null, constraint "measure_funding_pkey" primary key ("id"));`);
    this.addSql(`alter table "measure_funding" add constraint "measure_funding_measure_id_position_unique" unique ("measure_id", "position");`);

    this.addSql(`alter table "programme" add constraint "programme_document_id_foreign" foreign key ("document_id") references "programme_document" ("id") on update cascade;`);

    this.addSql(`alter table "programme_report" add constraint "programme_report_programme_id_foreign" foreign key ("programme_id") references "programme" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "programme_report" add constraint "programme_report_document_id_foreign" foreign key ("document_id") references "programme_document" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "programme_goal" add constraint "programme_goal_programme_id_foreign" foreign key ("programme_id") references "programme" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "programme_goal" add constraint "programme_goal_document_id_foreign" foreign key ("document_id") references "programme_document" ("id") on update cascade;`);

    this.addSql(`alter table "measure" add constraint "measure_programme_id_foreign" foreign key ("programme_id") references "programme" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "measure" add constraint "measure_goal_id_foreign" foreign key ("goal_id") references "programme_goal" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "measure" add constraint "measure_document_id_foreign" foreign key ("document_id") references "programme_document" ("id") on update cascade;`);

    this.addSql(`alter table "measure_progress" add constraint "measure_progress_report_id_foreign" foreign key ("report_id") references "programme_report" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "measure_progress" add constraint "measure_progress_measure_id_foreign" foreign key ("measure_id") references "measure" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "measure_progress" add constraint "measure_progress_document_id_foreign" foreign key ("document_id") references "programme_document" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "measure_progress_change" add constraint "measure_progress_change_progress_id_foreign" foreign key ("progress_id") references "measure_progress" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "measure_progress_change" add constraint "measure_progress_change_document_id_foreign" foreign key ("document_id") references "programme_document" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "measure_party" add constraint "measure_party_measure_id_foreign" foreign key ("measure_id") references "measure" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "measure_party" add constraint "measure_party_document_id_foreign" foreign key ("document_id") references "programme_document" ("id") on update cascade;`);

    this.addSql(`alter table "measure_funding" add constraint "measure_funding_measure_id_foreign" foreign key ("measure_id") references "measure" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "measure_funding" add constraint "measure_funding_document_id_foreign" foreign key ("document_id") references "programme_document" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "programme" drop constraint "programme_document_id_foreign";`);

    this.addSql(`alter table "programme_report" drop constraint "programme_report_document_id_foreign";`);

    this.addSql(`alter table "programme_goal" drop constraint "programme_goal_document_id_foreign";`);

    this.addSql(`alter table "measure" drop constraint "measure_document_id_foreign";`);

    this.addSql(`alter table "measure_progress" drop constraint "measure_progress_document_id_foreign";`);

    this.addSql(`alter table "measure_progress_change" drop constraint "measure_progress_change_document_id_foreign";`);

    this.addSql(`alter table "measure_party" drop constraint "measure_party_document_id_foreign";`);

    this.addSql(`alter table "measure_funding" drop constraint "measure_funding_document_id_foreign";`);

    this.addSql(`alter table "programme_report" drop constraint "programme_report_programme_id_foreign";`);

    this.addSql(`alter table "programme_goal" drop constraint "programme_goal_programme_id_foreign";`);

    this.addSql(`alter table "measure" drop constraint "measure_programme_id_foreign";`);

    this.addSql(`alter table "measure_progress" drop constraint "measure_progress_report_id_foreign";`);

    this.addSql(`alter table "measure" drop constraint "measure_goal_id_foreign";`);

    this.addSql(`alter table "measure_progress" drop constraint "measure_progress_measure_id_foreign";`);

    this.addSql(`alter table "measure_party" drop constraint "measure_party_measure_id_foreign";`);

    this.addSql(`alter table "measure_funding" drop constraint "measure_funding_measure_id_foreign";`);

    this.addSql(`alter table "measure_progress_change" drop constraint "measure_progress_change_progress_id_foreign";`);

    this.addSql(`drop table if exists "programme_document" cascade;`);

    this.addSql(`drop table if exists "programme" cascade;`);

    this.addSql(`drop table if exists "programme_report" cascade;`);

    this.addSql(`drop table if exists "programme_goal" cascade;`);

    this.addSql(`drop table if exists "measure" cascade;`);

    this.addSql(`drop table if exists "measure_progress" cascade;`);

    this.addSql(`drop table if exists "measure_progress_change" cascade;`);

    this.addSql(`drop table if exists "measure_party" cascade;`);

    this.addSql(`drop table if exists "measure_funding" cascade;`);
  }

}
