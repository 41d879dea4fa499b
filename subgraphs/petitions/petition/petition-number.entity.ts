import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * The last petition number given per city and year. Taking the next one is a single
 * atomic upsert, so concurrent submissions never draw the same number.
 */
@Entity({ tableName: 'petition_number' })
export class PetitionNumber {
  @PrimaryKey({ type: 'string', length: 32 })
  city!: string;

  @PrimaryKey({ type: 'integer' })
  year!: number;

  @Property({ type: 'integer' })
  last!: number;
}
