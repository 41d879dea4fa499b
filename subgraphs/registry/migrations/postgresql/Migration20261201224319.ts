import { Migration } from '@mikro-orm/migrations';

export class Migration20261201224319 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "organization_district_name_uk_id_status_index" on "organization" ("district", "name_uk", "id", "status");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "organization_district_name_uk_id_status_index";`);
  }

}
