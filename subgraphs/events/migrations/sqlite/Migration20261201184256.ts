import { Migration } from '@mikro-orm/migrations';

export class Migration20261201184256 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`event_feed_position\` (\`source\` text not null, \`seq\` integer not null, \`updated_at\` datetime not null, primary key (\`source\`));`);

    this.addSql(`create table \`outbox_event\` (\`seq\` integer not null primary key autoincrement, \`id\` text not null, \`type\` text not null, \`city\` text not null, \`entity_type\` text not null, \`entity_id\` text not null, \`data\` text not null, \`occurred_at\` datetime not null, \`published_at\` datetime null);`);
    this.addSql(`create unique index \`outbox_event_id_unique\` on \`outbox_event\` (\`id\`);`);
    this.addSql(`create index \`outbox_event_occurred_at_index\` on \`outbox_event\` (\`occurred_at\`);`);
    this.addSql(`create index \`outbox_event_published_at_seq_index\` on \`outbox_event\` (\`published_at\`, \`seq\`);`);

    this.addSql(`create table \`webhook\` (\`id\` text not null, \`owner\` text not null, \`city\` text not null, \`url\` text not null, \`event_types\` json not null, \`description\` text null, \`secret\` text not null, \`active\` integer not null, \`disabled\` json null, \`disabled_at\` datetime null, \`consecutive_failures\` integer not null, \`failing_since\` datetime null, \`created_at\` datetime not null, \`registration_key\` text not null, primary key (\`id\`));`);
    this.addSql(`create unique index \`webhook_registration_key_unique\` on \`webhook\` (\`registration_key\`);`);
    this.addSql(`create index \`webhook_city_active_index\` on \`webhook\` (\`city\`, \`active\`);`);
    this.addSql(`create index \`webhook_owner_city_created_at_index\` on \`webhook\` (\`owner\`, \`city\`, \`created_at\`);`);

    this.addSql(`create table \`webhook_delivery\` (\`id\` text not null, \`webhook_id\` text not null, \`event_id\` text not null, \`event_type\` text not null, \`payload\` text not null, \`status\` text not null, \`attempts\` integer not null, \`created_at\` datetime not null, \`last_attempt_at\` datetime null, \`response_status\` integer null, \`last_error\` text null, \`next_attempt_at\` datetime null, \`delivered_at\` datetime null, \`locked_until\` datetime null, constraint \`webhook_delivery_webhook_id_foreign\` foreign key(\`webhook_id\`) references \`webhook\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`webhook_delivery_webhook_id_index\` on \`webhook_delivery\` (\`webhook_id\`);`);
    this.addSql(`create index \`webhook_delivery_webhook_id_created_at_id_index\` on \`webhook_delivery\` (\`webhook_id\`, \`created_at\`, \`id\`);`);
    this.addSql(`create index \`webhook_delivery_status_next_attempt_at_index\` on \`webhook_delivery\` (\`status\`, \`next_attempt_at\`);`);
    this.addSql(`create unique index \`webhook_delivery_webhook_id_event_id_unique\` on \`webhook_delivery\` (\`webhook_id\`, \`event_id\`);`);

    this.addSql(`create table \`webhook_attempt\` (\`id\` text not null, \`delivery_id\` text not null, \`attempted_at\` datetime not null, \`response_status\` integer null, \`error\` text null, \`duration_ms\` integer not null, constraint \`webhook_attempt_delivery_id_foreign\` foreign key(\`delivery_id\`) references \`webhook_delivery\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`webhook_attempt_delivery_id_index\` on \`webhook_attempt\` (\`delivery_id\`);`);
    this.addSql(`create index \`webhook_attempt_delivery_id_attempted_at_index\` on \`webhook_attempt\` (\`delivery_id\`, \`attempted_at\`);`);
  }

}
