import { Migration } from '@mikro-orm/migrations';

/** Token subjects up to OpenID Connect's 255 characters, in every column that stores one. */
export class Migration20261201151500 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "petition" alter column "author" type varchar(255) using ("author"::varchar(255));`);
    this.addSql(`alter table "petition" alter column "moderated_by" type varchar(255) using ("moderated_by"::varchar(255));`);
    this.addSql(`alter table "petition" alter column "responded_by" type varchar(255) using ("responded_by"::varchar(255));`);
    this.addSql(`alter table "signature" alter column "signer" type varchar(255) using ("signer"::varchar(255));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "petition" alter column "author" type varchar(128) using ("author"::varchar(128));`);
    this.addSql(`alter table "petition" alter column "moderated_by" type varchar(128) using ("moderated_by"::varchar(128));`);
    this.addSql(`alter table "petition" alter column "responded_by" type varchar(128) using ("responded_by"::varchar(128));`);
    this.addSql(`alter table "signature" alter column "signer" type varchar(128) using ("signer"::varchar(128));`);
  }

}
