import { Migration } from '@mikro-orm/migrations';

export class Migration20261201151010 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`drop index \`organization_city_edrpou_unique\`;`);

    this.addSql(`alter table \`organization\` add column \`application_key\` text null;`);
    this.addSql(`create unique index \`organization_application_key_unique\` on \`organization\` (\`application_key\`);`);
    this.addSql(`create index \`organization_city_edrpou_index\` on \`organization\` (\`city\`, \`edrpou\`);`);
    this.addSql(`create unique index "organization_public_city_edrpou_unique" on "organization" ("city", "edrpou") where "status" in ('REGISTERED', 'SUSPENDED', 'LIQUIDATED');`);
  }

}
