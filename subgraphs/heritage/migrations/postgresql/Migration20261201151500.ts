import { Migration } from '@mikro-orm/migrations';

/** Token subjects up to OpenID Connect's 255 characters, in every column that stores one. */
export class Migration20261201151500 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "heritage_report" alter column "reporter" type varchar(255) using ("reporter"::varchar(255));`);
    this.addSql(`alter table "heritage_report" alter column "reviewer" type varchar(255) using ("reviewer"::varchar(255));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "heritage_report" alter column "reporter" type varchar(128) using ("reporter"::varchar(128));`);
    this.addSql(`alter table "heritage_report" alter column "reviewer" type varchar(128) using ("reviewer"::varchar(128));`);
  }

}
