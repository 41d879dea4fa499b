import { Migration } from '@mikro-orm/migrations';

export class Migration20261121220007 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "consultation" ("id" uuid not null, "city" varchar(32) not null, "district" varchar(64) null, "title_uk" text not null, "title_en" text null, "description_uk" text not null, "description_en" text null, "format" varchar(32) not null, "opens_at" timestamptz not null, "closes_at" timestamptz not null, "offline_participants" int not null, "response_count" int not null, "outcome_published_at" timestamptz null, "outcome_uk" text null, "outcome_en" text null, constraint "consultation_pkey" primary key ("id"));`);
    this.addSql(`create index "consultation_district_opens_at_id_index" on "consultation" ("district", "opens_at", "id");`);
    this.addSql(`create index "consultation_city_opens_at_id_index" on "consultation" ("city", "opens_at", "id");`);
    this.addSql(`create index "consultation_opens_at_id_index" on "consultation" ("opens_at", "id");`);

    this.addSql(`create table "consultation_heritage_object" ("consultation_id" uuid not null, "heritage_object_id" uuid not null, constraint "consultation_heritage_object_pkey" primary key ("consultation_id", "heritage_object_id"));`);
    this.addSql(`create index "consultation_heritage_object_heritage_object_id_index" on "consultation_heritage_object" ("heritage_object_id");`);

    this.addSql(`create table "consultation_organizer" ("consultation_id" uuid not null, "organization_id" uuid not null, constraint "consultation_organizer_pkey" primary key ("consultation_id", "organization_id"));`);
    this.addSql(`create index "consultation_organizer_organization_id_index" on "consultation_organizer" ("organization_id");`);

    this.addSql(`create table "survey_question" ("id" uuid not null, "consultation_id" uuid not null, "position" int not null, "text_uk" text not null, "text_en" text null, "kind" varchar(16) not null, "required" boolean not null, "scale_min" int null, "scale_max" int null, constraint "survey_question_pkey" primary key ("id"));`);
    this.addSql(`alter table "survey_question" add constraint "survey_question_consultation_id_position_unique" unique ("consultation_id", "position");`);

    this.addSql(`create table "survey_option" ("id" uuid not null, "question_id" uuid not null, "position" int not null, "text_uk" text not null, "text_en" text null, "response_count" int not null, constraint "survey_option_pkey" primary key ("id"));`);
    this.addSql(`alter table "survey_option" add constraint "survey_option_question_id_position_unique" unique ("question_id", "position");`);

    this.addSql(`create table "survey_response" ("id" uuid not null, "consultation_id" uuid not null, "respondent" varchar(128) not null, "submitted_at" timestamptz not null, constraint "survey_response_pkey" primary key ("id"));`);
    this.addSql(`create index "survey_response_respondent_submitted_at_index" on "survey_response" ("respondent", "submitted_at");`);
    this.addSql(`alter table "survey_response" add constraint "survey_response_consultation_id_respondent_unique" unique ("consultation_id", "respondent");`);

    this.addSql(`create table "survey_answer" ("id" uuid not null, "response_id" uuid not null, "question_id" uuid not null, "option_id" uuid null, "text" text null, "value" int null, constraint "survey_answer_pkey" primary key ("id"));`);
    this.addSql(`create index "survey_answer_option_id_index" on "survey_answer" ("option_id");`);
    this.addSql(`create index "survey_answer_question_id_index" on "survey_answer" ("question_id");`);
    this.addSql(`create index "survey_answer_response_id_index" on "survey_answer" ("response_id");`);

    this.addSql(`alter table "consultation_heritage_object" add constraint "consultation_heritage_object_consultation_id_foreign" foreign key ("consultation_id") references "consultation" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "consultation_organizer" add constraint "consultation_organizer_consultation_id_foreign" foreign key ("consultation_id") references "consultation" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "survey_question" add constraint "survey_question_consultation_id_foreign" foreign key ("consultation_id") references "consultation" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "survey_option" add constraint "survey_option_question_id_foreign" foreign key ("question_id") references "survey_question" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "survey_response" add constraint "survey_response_consultation_id_foreign" foreign key ("consultation_id") references "consultation" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "survey_answer" add constraint "survey_answer_response_id_foreign" foreign key ("response_id") references "survey_response" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "survey_answer" add constraint "survey_answer_question_id_foreign" foreign key ("question_id") references "survey_question" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "survey_answer" add constraint "survey_answer_option_id_foreign" foreign key ("option_id") references "survey_option" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "consultation_heritage_object" drop constraint "consultation_heritage_object_consultation_id_foreign";`);

    this.addSql(`alter table "consultation_organizer" drop constraint "consultation_organizer_consultation_id_foreign";`);

    this.addSql(`alter table "survey_question" drop constraint "survey_question_consultation_id_foreign";`);

    this.addSql(`alter table "survey_response" drop constraint "survey_response_consultation_id_foreign";`);

    this.addSql(`alter table "survey_option" drop constraint "survey_option_question_id_foreign";`);

    this.addSql(`alter table "survey_answer" drop constraint "survey_answer_question_id_foreign";`);

    this.addSql(`alter table "survey_answer" drop constraint "survey_answer_option_id_foreign";`);

    this.addSql(`alter table "survey_answer" drop constraint "survey_answer_response_id_foreign";`);

    this.addSql(`drop table if exists "consultation" cascade;`);

    this.addSql(`drop table if exists "consultation_heritage_object" cascade;`);

    this.addSql(`drop table if exists "consultation_organizer" cascade;`);

    this.addSql(`drop table if exists "survey_question" cascade;`);

    this.addSql(`drop table if exists "survey_option" cascade;`);

    this.addSql(`drop table if exists "survey_response" cascade;`);

    this.addSql(`drop table if exists "survey_answer" cascade;`);
  }

}
