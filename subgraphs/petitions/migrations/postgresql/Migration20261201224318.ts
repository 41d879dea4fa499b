import { Migration } from '@mikro-orm/migrations';

export class Migration20261201224318 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "petition_district_status_created_at_id_closes_at_index" on "petition" ("district", "status", "created_at", "id", "closes_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "petition_district_status_created_at_id_closes_at_index";`);
  }

}
