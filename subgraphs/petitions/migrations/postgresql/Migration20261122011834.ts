import { Migration } from '@mikro-orm/migrations';

export class Migration20261122011834 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "petition_district_status_closes_at_index" on "petition" ("district", "status", "closes_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "petition_district_status_closes_at_index";`);
  }

}
