import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique, type Ref } from '@mikro-orm/core';
import { Consultation } from '../consultation/consultation.entity.js';
import { MAX_SUBJECT_LENGTH } from '../../../lib/identity.js';

/**
 * One resident's response to a consultation's survey. Who responded is personal data: it
 * never leaves this subgraph except to the respondent. The unique constraint is what makes
 * "one response per resident per consultation" true under concurrent requests.
 */
@Entity({ tableName: 'survey_response' })
@Unique({ properties: ['consultation', 'respondent'] })
@Index({ properties: ['respondent', 'submittedAt'] })
export class SurveyResponse {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @ManyToOne({ entity: () => Consultation, deleteRule: 'cascade', ref: true })
  consultation!: Ref<Consultation>;

  /** The identity provider's subject of the respondent. */
  @Property({ type: 'string', length: MAX_SUBJECT_LENGTH })
  respondent!: string;

  @Property({ type: 'datetime' })
  submittedAt!: Date;
}
