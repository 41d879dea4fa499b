import { Migration } from '@mikro-orm/migrations';

/**
 * When each consultation's ConsultationOpened and ConsultationClosed events were recorded
 * (consultation.transitions.ts). Consultations already open or closed when this runs are
 * taken as recorded: a city's history is no news.
 */
export class Migration20261201190000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "consultation" add column "opened_event_at" timestamptz null, add column "closed_event_at" timestamptz null;`);
    this.addSql(`update "consultation" set "opened_event_at" = now() where "opens_at" <= now();`);
    this.addSql(`update "consultation" set "closed_event_at" = now() where "closes_at" <= now();`);
    this.addSql(`create index "consultation_opened_event_at_opens_at_index" on "consultation" ("opened_event_at", "opens_at");`);
    this.addSql(`create index "consultation_closed_event_at_closes_at_index" on "consultation" ("closed_event_at", "closes_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "consultation_opened_event_at_opens_at_index";`);
    this.addSql(`drop index "consultation_closed_event_at_closes_at_index";`);
    this.addSql(`alter table "consultation" drop column "opened_event_at", drop column "closed_event_at";`);
  }

}
