import { Migration } from '@mikro-orm/migrations';

/** A consultation names the programme measure it carries out (issue 17). */
export class Migration20261201155754 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`consultation\` add column \`measure_id\` text null;`);
    this.addSql(`create index \`consultation_measure_id_opens_at_id_index\` on \`consultation\` (\`measure_id\`, \`opens_at\`, \`id\`);`);
  }

}
