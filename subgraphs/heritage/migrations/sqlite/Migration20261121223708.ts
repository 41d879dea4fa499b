import { Migration } from '@mikro-orm/migrations';

export class Migration20261121223708 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`heritage_report\` (\`id\` text not null, \`heritage_object_id\` text not null, \`reporter\` text not null, \`city\` text not null, \`condition\` text not null, \`note\` text not null, \`photo_urls\` json not null, \`status\` text not null, \`submitted_at\` datetime not null, \`reviewed_at\` datetime null, \`reviewer\` text null, \`decline_reason\` text null, constraint \`heritage_report_heritage_object_id_foreign\` foreign key(\`heritage_object_id\`) references \`heritage_object\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`heritage_report_heritage_object_id_index\` on \`heritage_report\` (\`heritage_object_id\`);`);
    this.addSql(`create index \`heritage_report_city_status_submitted_at_index\` on \`heritage_report\` (\`city\`, \`status\`, \`submitted_at\`);`);
    this.addSql(`create index \`heritage_report_reporter_submitted_at_index\` on \`heritage_report\` (\`reporter\`, \`submitted_at\`);`);
  }

}
