import { Migration } from '@mikro-orm/migrations';

/** The outbox of domain events, written with the writes that cause them (subgraphs/shared/outbox). */
export class Migration20261201183926 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`outbox_event\` (\`seq\` integer not null primary key autoincrement, \`id\` text not null, \`type\` text not null, \`city\` text not null, \`entity_type\` text not null, \`entity_id\` text not null, \`data\` text not null, \`occurred_at\` datetime not null, \`published_at\` datetime null);`);
    this.addSql(`create unique index \`outbox_event_id_unique\` on \`outbox_event\` (\`id\`);`);
    this.addSql(`create index \`outbox_event_occurred_at_index\` on \`outbox_event\` (\`occurred_at\`);`);
    this.addSql(`create index \`outbox_event_published_at_seq_index\` on \`outbox_event\` (\`published_at\`, \`seq\`);`);
  }

}
