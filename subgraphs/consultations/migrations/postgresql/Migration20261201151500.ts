import { Migration } from '@mikro-orm/migrations';

/** Token subjects up to OpenID Connect's 255 characters, in every column that stores one. */
export class Migration20261201151500 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "survey_response" alter column "respondent" type varchar(255) using ("respondent"::varchar(255));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "survey_response" alter column "respondent" type varchar(128) using ("respondent"::varchar(128));`);
  }

}
