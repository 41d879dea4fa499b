import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { cacheHint, PUBLIC_SHORT } from '../../shared/cache-hints.js';
import { ConsultationFormat } from './consultation.enums.js';

/**
 * A public consultation of a city. Texts are stored per language; the status is derived
 * from `opensAt` and `closesAt`, never stored. Survey responses are counted on the row,
 * updated in the same transaction as each response, so a list shows participation
 * without counting.
 */
@Entity({ tableName: 'consultation' })
@Index({ properties: ['opensAt', 'id'] })
@Index({ properties: ['city', 'opensAt', 'id'] })
@Index({ properties: ['district', 'opensAt', 'id'] })
@Index({ properties: ['measureId', 'opensAt', 'id'] })
// Openings and closings due and not yet recorded (consultation.transitions.ts), every few seconds.
@Index({ properties: ['openedEventAt', 'opensAt'] })
@Index({ properties: ['closedEventAt', 'closesAt'] })
@Directive('@key(fields: "id")')
@Directive(cacheHint(PUBLIC_SHORT))
@ObjectType({ description: 'A public consultation: a meeting, a survey, a discussion of a draft act, and what came of it.' })
export class Consultation {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id!: string;

  @Property({ type: 'string', length: 32 })
  city!: string;

  @Property({ type: 'string', length: 64, nullable: true })
  district!: string | null;

  @Property({ type: 'text' })
  titleUk!: string;

  @Property({ type: 'text', nullable: true })
  titleEn!: string | null;

  @Property({ type: 'text' })
  descriptionUk!: string;

  @Property({ type: 'text', nullable: true })
  descriptionEn!: string | null;

  @Property({ type: 'string', length: 32 })
  @Field(() => ConsultationFormat)
  format!: ConsultationFormat;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'When residents can start taking part.' })
  opensAt!: Date;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'When it ends; no response after it.' })
  closesAt!: Date;

  /** People who took part offline (meetings, paper questionnaires), as the organisers reported. */
  @Property({ type: 'integer' })
  offlineParticipants!: number;

  /** Survey responses given, kept equal to the count of `survey_response` rows. */
  @Property({ type: 'integer' })
  responseCount!: number;

  @Property({ type: 'datetime', nullable: true })
  outcomePublishedAt!: Date | null;

  @Property({ type: 'text', nullable: true })
  outcomeUk!: string | null;

  @Property({ type: 'text', nullable: true })
  outcomeEn!: string | null;

  /** The programme measure it carries out (owned by the programmes subgraph), when an official named one. */
  @Property({ type: 'uuid', nullable: true })
  measureId!: string | null;

  /**
   * When its `ConsultationOpened` and `ConsultationClosed` events were recorded
   * (consultation.transitions.ts), or taken as recorded: rows seeded or migrated already
   * open or closed. Null until then; each set once.
   */
  @Property({ type: 'datetime', nullable: true })
  openedEventAt!: Date | null;

  @Property({ type: 'datetime', nullable: true })
  closedEventAt!: Date | null;
}
