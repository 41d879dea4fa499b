import { Migration } from '@mikro-orm/migrations';

export class Migration20261201152302 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`programme_document\` (\`id\` text not null, \`sha256\` text not null, \`name\` text not null, \`layout\` text not null, \`line_count\` integer not null, \`warnings\` json not null, \`imported_at\` datetime not null, \`imported_by\` text not null, primary key (\`id\`));`);
    this.addSql(`create unique index \`programme_document_sha256_unique\` on \`programme_document\` (\`sha256\`);`);

    this.addSql(`create table \`programme\` (\`id\` text not null, \`programme_key\` text not null, \`city\` text not null, \`kind\` text not null, \`title\` text not null, \`title_inferred\` integer not null, \`start_year\` integer null, \`end_year\` integer null, \`approved_by\` text null, \`document_id\` text not null, \`lines\` json not null, constraint \`programme_document_id_foreign\` foreign key(\`document_id\`) references \`programme_document\`(\`id\`) on update cascade, primary key (\`id\`));`);
    this.addSql(`create unique index \`programme_programme_key_unique\` on \`programme\` (\`programme_key\`);`);
    this.addSql(`create index \`programme_document_id_index\` on \`programme\` (\`document_id\`);`);
    this.addSql(`create index \`programme_city_start_year_id_index\` on \`programme\` (\`city\`, \`start_year\`, \`id\`);`);

    this.addSql(`create table \`programme_report\` (\`id\` text not null, \`programme_id\` text not null, \`title\` text not null, \`period_start\` text not null, \`period_end\` text not null, \`period_text\` text null, \`city\` text not null, \`state\` text not null, \`last_changed_at\` datetime not null, \`opened_by\` text not null, \`opened_at\` datetime not null, \`published_by\` text null, \`published_at\` datetime null, \`planned_stated\` text null, \`spent_stated\` text null, \`deviation_stated\` text null, \`spent_stated_by_source\` json not null, \`document_id\` text null, \`lines\` json not null, constraint \`programme_report_programme_id_foreign\` foreign key(\`programme_id\`) references \`programme\`(\`id\`) on delete cascade on update cascade, constraint \`programme_report_document_id_foreign\` foreign key(\`document_id\`) references \`programme_document\`(\`id\`) on delete set null on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`programme_report_programme_id_index\` on \`programme_report\` (\`programme_id\`);`);
    this.addSql(`create index \`programme_report_document_id_index\` on \`programme_report\` (\`document_id\`);`);
    this.addSql(`create unique index \`programme_report_programme_id_period_start_period_end_unique\` on \`programme_report\` (\`programme_id\`, \`period_start\`, \`period_end\`);`);

    this.addSql(`create table \`programme_goal\` (\`id\` text not null, \`programme_id\` text not null, \`goal_key\` text not null, \`position\` integer not null, \`number\` text null, \`level\` text not null, \`parent_number\` text null, \`title\` text not null, \`executors\` json not null, \`partners\` json not null, \`expected_results\` text null, \`strategic_goal\` text null, \`document_id\` text not null, \`lines\` json not null, constraint \`programme_goal_programme_id_foreign\` foreign key(\`programme_id\`) references \`programme\`(\`id\`) on delete cascade on update cascade, constraint \`programme_goal_document_id_foreign\` foreign key(\`document_id\`) references \`programme_document\`(\`id\`) on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`programme_goal_programme_id_index\` on \`programme_goal\` (\`programme_id\`);`);
    this.addSql(`create index \`programme_goal_document_id_index\` on \`programme_goal\` (\`document_id\`);`);
    this.addSql(`create unique index \`programme_goal_programme_id_goal_key_unique\` on \`programme_goal\` (\`programme_id\`, \`goal_key\`);`);

    this.addSql(`create table \`measure\` (\`id\` text not null, \`programme_id\` text not null, \`goal_id\` text null, \`measure_key\` text not null, \`position\` integer not null, \`number\` text not null, \`number_as_written\` text null, \`heading\` text null, \`title\` text not null, \`deadline\` text null, \`period_start\` text null, \`period_end\` text null, \`expected_results\` text null, \`indicators\` text null, \`funding_note\` text null, \`status\` text not null, \`document_id\` text not null, \`lines\` json not null, constraint \`measure_programme_id_foreign\` foreign key(\`programme_id\`) references \`programme\`(\`id\`) on delete cascade on update cascade, constraint \`measure_goal_id_foreign\` foreign key(\`goal_id\`) references \`programme_goal\`(\`id\`) on delete set null on update cascade, constraint \`measure_document_id_foreign\` foreign key(\`document_id\`) references \`programme_document\`(\`id\`) on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`measure_programme_id_index\` on \`measure\` (\`programme_id\`);`);
    this.addSql(`create index \`measure_goal_id_index\` on \`measure\` (\`goal_id\`);`);
    this.addSql(`create index \`measure_document_id_index\` on \`measure\` (\`document_id\`);`);
    this.addSql(`create index \`measure_programme_id_status_position_index\` on \`measure\` (\`programme_id\`, \`status\`, \`position\`);`);
    this.addSql(`create index \`measure_programme_id_position_index\` on \`measure\` (\`programme_id\`, \`position\`);`);
    this.addSql(`create unique index \`measure_programme_id_measure_key_unique\` on \`measure\` (\`programme_id\`, \`measure_key\`);`);

    this.addSql(`create table \`measure_progress\` (\`id\` text not null, \`report_id\` text not null, \`measure_id\` text not null, \`status\` text not null, \`status_text\` text null, \`text\` text null, \`spent\` text null, \`reasons\` text null, \`evidence_urls\` json not null, \`spent_by_source\` json not null, \`recorded_by\` text not null, \`recorded_at\` datetime not null, \`document_id\` text null, \`lines\` json not null, constraint \`measure_progress_report_id_foreign\` foreign key(\`report_id\`) references \`programme_report\`(\`id\`) on delete cascade on update cascade, constraint \`measure_progress_measure_id_foreign\` foreign key(\`measure_id\`) references \`measure\`(\`id\`) on delete cascade on update cascade, constraint \`measure_progress_document_id_foreign\` foreign key(\`document_id\`) references \`programme_document\`(\`id\`) on delete set null on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`measure_progress_report_id_index\` on \`measure_progress\` (\`report_id\`);`);
    this.addSql(`create index \`measure_progress_document_id_index\` on \`measure_progress\` (\`document_id\`);`);
    this.addSql(`create index \`measure_progress_measure_id_index\` on \`measure_progress\` (\`measure_id\`);`);
    this.addSql(`create unique index \`measure_progress_report_id_measure_id_unique\` on \`measure_progress\` (\`report_id\`, \`measure_id\`);`);

    this.addSql(`create table \`measure_progress_change\` (\`id\` text not null, \`progress_id\` text not null, \`changed_by\` text not null, \`changed_at\` datetime not null, \`status\` text not null, \`text\` text null, \`spent\` text null, \`reasons\` text null, \`evidence_urls\` json not null, \`document_id\` text null, constraint \`measure_progress_change_progress_id_foreign\` foreign key(\`progress_id\`) references \`measure_progress\`(\`id\`) on delete cascade on update cascade, constraint \`measure_progress_change_document_id_foreign\` foreign key(\`document_id\`) references \`programme_document\`(\`id\`) on delete set null on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`measure_progress_change_progress_id_index\` on \`measure_progress_change\` (\`progress_id\`);`);
    this.addSql(`create index \`measure_progress_change_document_id_index\` on \`measure_progress_change\` (\`document_id\`);`);
    this.addSql(`create index \`measure_progress_change_progress_id_changed_at_index\` on \`measure_progress_change\` (\`progress_id\`, \`changed_at\`);`);

    this.addSql(`create table \`measure_party\` (\`id\` text not null, \`measure_id\` text not null, \`role\` text not null, \`position\` integer not null, \`name\` text not null, \`name_key\` text not null, \`organization_id\` text null, \`document_id\` text not null, \`line\` integer not null, constraint \`measure_party_measure_id_foreign\` foreign key(\`measure_id\`) references \`measure\`(\`id\`) on delete cascade on update cascade, constraint \`measure_party_document_id_foreign\` foreign key(\`document_id\`) references \`programme_document\`(\`id\`) on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`measure_party_measure_id_index\` on \`measure_party\` (\`measure_id\`);`);
    this.addSql(`create index \`measure_party_document_id_index\` on \`measure_party\` (\`document_id\`);`);
    this.addSql(`create index \`measure_party_organization_id_measure_id_index\` on \`measure_party\` (\`organization_id\`, \`measure_id\`);`);
    this.addSql(`create unique index \`measure_party_measure_id_role_position_unique\` on \`measure_party\` (\`measure_id\`, \`role\`, \`position\`);`);

    this.addSql(`create table \`measure_funding\` (\`id\` text not null, \`measure_id\` text not null, \`position\` integer not null, \`kind\` text not null, \`source\` text null, \`year\` integer null, \`amount\` text null, \`document_id\` text not null, \`line\` integer not null, constraint \`measure_funding_measure_id_foreign\` foreign key(\`measure_id\`) references \`measure\`(\`id\`) on delete cascade on update cascade, constraint \`measure_funding_document_id_foreign\` foreign key(\`document_id\`) references \`programme_document\`(\`id\`) on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`measure_funding_measure_id_index\` on \`measure_funding\` (\`measure_id\`);`);
    this.addSql(`create index \`measure_funding_document_id_index\` on \`measure_funding\` (\`document_id\`);`);
    this.addSql(`create unique index \`measure_funding_measure_id_position_unique\` on \`measure_funding\` (\`measure_id\`, \`position\`);`);
  }

}
