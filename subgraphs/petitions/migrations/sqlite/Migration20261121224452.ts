import { Migration } from '@mikro-orm/migrations';

export class Migration20261121224452 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`petition_number\` (\`city\` text not null, \`year\` integer not null, \`last\` integer not null, primary key (\`city\`, \`year\`));`);

    this.addSql(`alter table \`petition\` add column \`author\` text null;`);
    this.addSql(`alter table \`petition\` add column \`submission_key\` text null;`);
    this.addSql(`alter table \`petition\` add column \`moderated_by\` text null;`);
    this.addSql(`alter table \`petition\` add column \`responded_by\` text null;`);
    this.addSql(`create unique index \`petition_submission_key_unique\` on \`petition\` (\`submission_key\`);`);
    this.addSql(`create index \`petition_author_created_at_index\` on \`petition\` (\`author\`, \`created_at\`);`);
  }

}
