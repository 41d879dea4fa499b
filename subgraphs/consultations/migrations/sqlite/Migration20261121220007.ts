import { Migration } from '@mikro-orm/migrations';

export class Migration20261121220007 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`consultation\` (\`id\` text not null, \`city\` text not null, \`district\` text null, \`title_uk\` text not null, \`title_en\` text null, \`description_uk\` text not null, \`description_en\` text null, \`format\` text not null, \`opens_at\` datetime not null, \`closes_at\` datetime not null, \`offline_participants\` integer not null, \`response_count\` integer not null, \`outcome_published_at\` datetime null, \`outcome_uk\` text null, \`outcome_en\` text null, primary key (\`id\`));`);
    this.addSql(`create index \`consultation_district_opens_at_id_index\` on \`consultation\` (\`district\`, \`opens_at\`, \`id\`);`);
    this.addSql(`create index \`consultation_city_opens_at_id_index\` on \`consultation\` (\`city\`, \`opens_at\`, \`id\`);`);
    this.addSql(`create index \`consultation_opens_at_id_index\` on \`consultation\` (\`opens_at\`, \`id\`);`);

    this.addSql(`create table \`consultation_heritage_object\` (\`consultation_id\` text not null, \`heritage_object_id\` text not null, constraint \`consultation_heritage_object_consultation_id_foreign\` foreign key(\`consultation_id\`) references \`consultation\`(\`id\`) on delete cascade on update cascade, primary key (\`consultation_id\`, \`heritage_object_id\`));`);
    this.addSql(`create index \`consultation_heritage_object_consultation_id_index\` on \`consultation_heritage_object\` (\`consultation_id\`);`);
    this.addSql(`create index \`consultation_heritage_object_heritage_object_id_index\` on \`consultation_heritage_object\` (\`heritage_object_id\`);`);

    this.addSql(`create table \`consultation_organizer\` (\`consultation_id\` text not null, \`organization_id\` text not null, constraint \`consultation_organizer_consultation_id_foreign\` foreign key(\`consultation_id\`) references \`consultation\`(\`id\`) on delete cascade on update cascade, primary key (\`consultation_id\`, \`organization_id\`));`);
    this.addSql(`create index \`consultation_organizer_consultation_id_index\` on \`consultation_organizer\` (\`consultation_id\`);`);
    this.addSql(`create index \`consultation_organizer_organization_id_index\` on \`consultation_organizer\` (\`organization_id\`);`);

    this.addSql(`create table \`survey_question\` (\`id\` text not null, \`consultation_id\` text not null, \`position\` integer not null, \`text_uk\` text not null, \`text_en\` text null, \`kind\` text not null, \`required\` integer not null, \`scale_min\` integer null, \`scale_max\` integer null, constraint \`survey_question_consultation_id_foreign\` foreign key(\`consultation_id\`) references \`consultation\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`survey_question_consultation_id_index\` on \`survey_question\` (\`consultation_id\`);`);
    this.addSql(`create unique index \`survey_question_consultation_id_position_unique\` on \`survey_question\` (\`consultation_id\`, \`position\`);`);

    this.addSql(`create table \`survey_option\` (\`id\` text not null, \`question_id\` text not null, \`position\` integer not null, \`text_uk\` text not null, \`text_en\` text null, \`response_count\` integer not null, constraint \`survey_option_question_id_foreign\` foreign key(\`question_id\`) references \`survey_question\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`survey_option_question_id_index\` on \`survey_option\` (\`question_id\`);`);
    this.addSql(`create unique index \`survey_option_question_id_position_unique\` on \`survey_option\` (\`question_id\`, \`position\`);`);

    this.addSql(`create table \`survey_response\` (\`id\` text not null, \`consultation_id\` text not null, \`respondent\` text not null, \`submitted_at\` datetime not null, constraint \`survey_response_consultation_id_foreign\` foreign key(\`consultation_id\`) references \`consultation\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`survey_response_consultation_id_index\` on \`survey_response\` (\`consultation_id\`);`);
    this.addSql(`create index \`survey_response_respondent_submitted_at_index\` on \`survey_response\` (\`respondent\`, \`submitted_at\`);`);
    this.addSql(`create unique index \`survey_response_consultation_id_respondent_unique\` on \`survey_response\` (\`consultation_id\`, \`respondent\`);`);

    this.addSql(`create table \`survey_answer\` (\`id\` text not null, \`response_id\` text not null, \`question_id\` text not null, \`option_id\` text null, \`text\` text null, \`value\` integer null, constraint \`survey_answer_response_id_foreign\` foreign key(\`response_id\`) references \`survey_response\`(\`id\`) on delete cascade on update cascade, constraint \`survey_answer_question_id_foreign\` foreign key(\`question_id\`) references \`survey_question\`(\`id\`) on delete cascade on update cascade, constraint \`survey_answer_option_id_foreign\` foreign key(\`option_id\`) references \`survey_option\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`survey_answer_option_id_index\` on \`survey_answer\` (\`option_id\`);`);
    this.addSql(`create index \`survey_answer_question_id_index\` on \`survey_answer\` (\`question_id\`);`);
    this.addSql(`create index \`survey_answer_response_id_index\` on \`survey_answer\` (\`response_id\`);`);
  }

}
