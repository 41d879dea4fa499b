import { Migration } from '@mikro-orm/migrations';

export class Migration20261121220007 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`heritage_object\` (\`id\` text not null, \`city\` text not null, \`district\` text null, \`name_uk\` text not null, \`name_en\` text null, \`protection_number\` text not null, \`significance\` text not null, \`types\` json not null, \`dating_uk\` text null, \`dating_en\` text null, \`address_uk\` text not null, \`address_en\` text null, \`lat\` double precision not null, \`lng\` double precision not null, \`condition\` text not null, \`condition_recorded_at\` datetime not null, primary key (\`id\`));`);
    this.addSql(`create index \`heritage_object_lat_lng_index\` on \`heritage_object\` (\`lat\`, \`lng\`);`);
    this.addSql(`create index \`heritage_object_district_name_uk_id_index\` on \`heritage_object\` (\`district\`, \`name_uk\`, \`id\`);`);
    this.addSql(`create index \`heritage_object_city_name_uk_id_index\` on \`heritage_object\` (\`city\`, \`name_uk\`, \`id\`);`);

    this.addSql(`create table \`condition_record\` (\`id\` text not null, \`heritage_object_id\` text not null, \`condition\` text not null, \`recorded_at\` datetime not null, \`source\` text not null, \`note_uk\` text null, \`note_en\` text null, constraint \`condition_record_heritage_object_id_foreign\` foreign key(\`heritage_object_id\`) references \`heritage_object\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`condition_record_heritage_object_id_index\` on \`condition_record\` (\`heritage_object_id\`);`);
    this.addSql(`create index \`condition_record_heritage_object_id_recorded_at_index\` on \`condition_record\` (\`heritage_object_id\`, \`recorded_at\`);`);

    this.addSql(`create table \`heritage_steward\` (\`heritage_object_id\` text not null, \`organization_id\` text not null, constraint \`heritage_steward_heritage_object_id_foreign\` foreign key(\`heritage_object_id\`) references \`heritage_object\`(\`id\`) on delete cascade on update cascade, primary key (\`heritage_object_id\`, \`organization_id\`));`);
    this.addSql(`create index \`heritage_steward_heritage_object_id_index\` on \`heritage_steward\` (\`heritage_object_id\`);`);
    this.addSql(`create index \`heritage_steward_organization_id_index\` on \`heritage_steward\` (\`organization_id\`);`);
  }

}
