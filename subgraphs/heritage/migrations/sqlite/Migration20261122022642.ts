import { Migration } from '@mikro-orm/migrations';

export class Migration20261122022642 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`drop index \`heritage_object_lat_lng_index\`;`);

    this.addSql(`create index \`heritage_object_lat_lng_id_index\` on \`heritage_object\` (\`lat\`, \`lng\`, \`id\`);`);
  }

}
