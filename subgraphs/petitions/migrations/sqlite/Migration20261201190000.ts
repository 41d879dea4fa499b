import { Migration } from '@mikro-orm/migrations';

/**
 * When each petition's PetitionClosed event was recorded (petition.closings.ts). Petitions
 * already closed when this runs are taken as recorded: a city's history is no news.
 */
export class Migration20261201190000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`petition\` add column \`closed_event_at\` datetime null;`);
    // Dates are milliseconds since the epoch here (how MikroORM stores them on SQLite).
    this.addSql(`update \`petition\` set \`closed_event_at\` = cast(unixepoch('subsec') * 1000 as integer) where \`closes_at\` <= cast(unixepoch('subsec') * 1000 as integer);`);
    this.addSql(`create index \`petition_closed_event_at_closes_at_index\` on \`petition\` (\`closed_event_at\`, \`closes_at\`);`);
  }

}
