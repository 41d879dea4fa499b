import { Migration } from '@mikro-orm/migrations';

export class Migration20261201151011 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "organization" drop constraint "organization_city_edrpou_unique";`);

    this.addSql(`alter table "organization" add column "application_key" varchar(64) null;`);
    this.addSql(`alter table "organization" add constraint "organization_application_key_unique" unique ("application_key");`);
    this.addSql(`create index "organization_city_edrpou_index" on "organization" ("city", "edrpou");`);
    this.addSql(`create unique index "organization_public_city_edrpou_unique" on "organization" ("city", "edrpou") where "status" in ('REGISTERED', 'SUSPENDED', 'LIQUIDATED');`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "organization" drop constraint "organization_application_key_unique";`);
    this.addSql(`drop index "organization_city_edrpou_index";`);
    this.addSql(`drop index "organization_public_city_edrpou_unique";`);
    this.addSql(`alter table "organization" drop column "application_key";`);

    this.addSql(`alter table "organization" add constraint "organization_city_edrpou_unique" unique ("city", "edrpou");`);
  }

}
