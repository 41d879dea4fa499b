import { Migration } from '@mikro-orm/migrations';

export class Migration20261121225444 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "organization_representative" ("id" uuid not null, "organization_id" uuid not null, "resident" varchar(128) not null, "added_at" timestamptz not null, constraint "organization_representative_pkey" primary key ("id"));`);
    this.addSql(`create index "organization_representative_resident_index" on "organization_representative" ("resident");`);
    this.addSql(`alter table "organization_representative" add constraint "organization_representative_organization_id_resident_unique" unique ("organization_id", "resident");`);

    this.addSql(`alter table "organization_representative" add constraint "organization_representative_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "organization_representative" cascade;`);
  }

}
