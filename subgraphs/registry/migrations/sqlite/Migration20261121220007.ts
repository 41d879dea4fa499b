import { Migration } from '@mikro-orm/migrations';

export class Migration20261121220007 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`organization\` (\`id\` text not null, \`edrpou\` text not null, \`city\` text not null, \`district\` text null, \`name_uk\` text not null, \`name_en\` text null, \`short_name\` text null, \`legal_form\` text not null, \`status\` text not null, \`applied_at\` datetime not null, \`registered_at\` datetime null, \`decline_reason_uk\` text null, \`decline_reason_en\` text null, \`activity_areas_uk\` json not null, \`activity_areas_en\` json not null, \`search_text\` text not null, primary key (\`id\`));`);
    this.addSql(`create index \`organization_district_status_name_uk_id_index\` on \`organization\` (\`district\`, \`status\`, \`name_uk\`, \`id\`);`);
    this.addSql(`create index \`organization_city_status_name_uk_id_index\` on \`organization\` (\`city\`, \`status\`, \`name_uk\`, \`id\`);`);
    this.addSql(`create unique index \`organization_city_edrpou_unique\` on \`organization\` (\`city\`, \`edrpou\`);`);

    this.addSql(`create table \`organization_document\` (\`id\` text not null, \`organization_id\` text not null, \`kind\` text not null, \`title_uk\` text not null, \`title_en\` text null, \`year\` integer not null, \`url\` text not null, \`published_at\` datetime not null, constraint \`organization_document_organization_id_foreign\` foreign key(\`organization_id\`) references \`organization\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`organization_document_organization_id_index\` on \`organization_document\` (\`organization_id\`);`);
    this.addSql(`create index \`organization_document_organization_id_year_index\` on \`organization_document\` (\`organization_id\`, \`year\`);`);
  }

}
