import { Migration } from '@mikro-orm/migrations';

/**
 * When each petition's PetitionClosed event was recorded (petition.closings.ts). Petitions
 * already closed when this runs are taken as recorded: a city's history is no news.
 */
export class Migration20261201190000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "petition" add column "closed_event_at" timestamptz null;`);
    this.addSql(`update "petition" set "closed_event_at" = now() where "closes_at" <= now();`);
    this.addSql(`create index "petition_closed_event_at_closes_at_index" on "petition" ("closed_event_at", "closes_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "petition_closed_event_at_closes_at_index";`);
    this.addSql(`alter table "petition" drop column "closed_event_at";`);
  }

}
