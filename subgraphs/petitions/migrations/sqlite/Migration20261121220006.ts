import { Migration } from '@mikro-orm/migrations';

export class Migration20261121220006 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`petition\` (\`id\` text not null, \`number\` text not null, \`city\` text not null, \`district\` text null, \`title_uk\` text not null, \`title_en\` text null, \`body_uk\` text not null, \`body_en\` text null, \`status\` text not null, \`created_at\` datetime not null, \`opened_at\` datetime null, \`closes_at\` datetime null, \`threshold_reached_at\` datetime null, \`signature_count\` integer not null, \`web_signature_count\` integer not null, \`mobile_signature_count\` integer not null, \`signature_threshold\` integer not null, \`rejected_at\` datetime null, \`rejection_reason_uk\` text null, \`rejection_reason_en\` text null, \`responded_at\` datetime null, \`response_uk\` text null, \`response_en\` text null, \`initiator_organization_id\` text null, primary key (\`id\`));`);
    this.addSql(`create index \`petition_initiator_organization_id_created_at_index\` on \`petition\` (\`initiator_organization_id\`, \`created_at\`);`);
    this.addSql(`create index \`petition_district_created_at_id_index\` on \`petition\` (\`district\`, \`created_at\`, \`id\`);`);
    this.addSql(`create index \`petition_city_closes_at_id_index\` on \`petition\` (\`city\`, \`closes_at\`, \`id\`);`);
    this.addSql(`create index \`petition_city_signature_count_id_index\` on \`petition\` (\`city\`, \`signature_count\`, \`id\`);`);
    this.addSql(`create index \`petition_city_created_at_id_index\` on \`petition\` (\`city\`, \`created_at\`, \`id\`);`);
    this.addSql(`create unique index \`petition_city_number_unique\` on \`petition\` (\`city\`, \`number\`);`);

    this.addSql(`create table \`petition_heritage_object\` (\`petition_id\` text not null, \`heritage_object_id\` text not null, constraint \`petition_heritage_object_petition_id_foreign\` foreign key(\`petition_id\`) references \`petition\`(\`id\`) on delete cascade on update cascade, primary key (\`petition_id\`, \`heritage_object_id\`));`);
    this.addSql(`create index \`petition_heritage_object_petition_id_index\` on \`petition_heritage_object\` (\`petition_id\`);`);
    this.addSql(`create index \`petition_heritage_object_heritage_object_id_index\` on \`petition_heritage_object\` (\`heritage_object_id\`);`);

    this.addSql(`create table \`signature\` (\`id\` text not null, \`petition_id\` text not null, \`signer\` text not null, \`channel\` text not null, \`city\` text not null, \`district\` text null, \`signed_at\` datetime not null, constraint \`signature_petition_id_foreign\` foreign key(\`petition_id\`) references \`petition\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`signature_petition_id_index\` on \`signature\` (\`petition_id\`);`);
    this.addSql(`create index \`signature_signer_signed_at_index\` on \`signature\` (\`signer\`, \`signed_at\`);`);
    this.addSql(`create index \`signature_city_signed_at_index\` on \`signature\` (\`city\`, \`signed_at\`);`);
    this.addSql(`create unique index \`signature_petition_id_signer_unique\` on \`signature\` (\`petition_id\`, \`signer\`);`);
  }

}
