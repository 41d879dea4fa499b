import { Migration } from '@mikro-orm/migrations';

export class Migration20261121225443 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`organization_representative\` (\`id\` text not null, \`organization_id\` text not null, \`resident\` text not null, \`added_at\` datetime not null, constraint \`organization_representative_organization_id_foreign\` foreign key(\`organization_id\`) references \`organization\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`organization_representative_organization_id_index\` on \`organization_representative\` (\`organization_id\`);`);
    this.addSql(`create index \`organization_representative_resident_index\` on \`organization_representative\` (\`resident\`);`);
    this.addSql(`create unique index \`organization_representative_organization_id_resident_unique\` on \`organization_representative\` (\`organization_id\`, \`resident\`);`);
  }

}
