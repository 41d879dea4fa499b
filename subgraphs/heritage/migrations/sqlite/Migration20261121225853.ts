import { Migration } from '@mikro-orm/migrations';

export class Migration20261121225853 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`heritage_media\` (\`id\` text not null, \`heritage_object_id\` text not null, \`kind\` text not null, \`title\` text null, \`url\` text not null, \`added_at\` datetime not null, constraint \`heritage_media_heritage_object_id_foreign\` foreign key(\`heritage_object_id\`) references \`heritage_object\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`heritage_media_heritage_object_id_index\` on \`heritage_media\` (\`heritage_object_id\`);`);
    this.addSql(`create index \`heritage_media_heritage_object_id_kind_added_at_index\` on \`heritage_media\` (\`heritage_object_id\`, \`kind\`, \`added_at\`);`);

    this.addSql(`alter table \`heritage_report\` add column \`submission_key\` text null;`);
    this.addSql(`create unique index \`heritage_report_submission_key_unique\` on \`heritage_report\` (\`submission_key\`);`);
  }

}
