import { Directive, Field, Int, ObjectType } from 'type-graphql';
import { cacheHint, INHERIT, PUBLIC_SHORT } from '../../shared/cache-hints.js';
import { connectionOf } from '../../shared/pagination.js';
import type { EntityRef } from '../../shared/refs.js';
import { DocumentSource } from '../document/document-source.types.js';
import { DecimalScalar } from '../money/decimal.scalar.js';
import { OrganizationRef } from '../federation.js';
import { Measure } from './measure.entity.js';
import { MeasureStatus, PartyRole } from './measure.enums.js';

export const MeasureConnection = connectionOf('Measure', () => Measure, PUBLIC_SHORT);

@Directive(cacheHint(INHERIT))
@ObjectType('FundingLine', { description: 'Money planned for a measure from one source in one year (thousand UAH).' })
export class FundingLineView {
  @Field(() => String, { description: 'The source as written (`Бюджет міста Києва`, `грантові кошти`).' })
  source!: string;

  @Field(() => Int, { nullable: true, description: 'Null when the document names the source without years.' })
  year!: number | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Thousand UAH; null when the document names the source without an amount.' })
  planned!: string | null;

  @Field(() => DocumentSource)
  documentSource!: DocumentSource;
}

@Directive(cacheHint(INHERIT))
@ObjectType({ description: 'A total a document states ("Всього"), over years or over sources, kept to compare with the sum of its parts.' })
export class StatedAmount {
  @Field(() => String, { nullable: true, description: 'Null for the total over all sources.' })
  source!: string | null;

  @Field(() => Int, { nullable: true, description: 'Null for the total over all years.' })
  year!: number | null;

  @Field(() => DecimalScalar)
  amount!: string;

  @Field(() => DocumentSource, { nullable: true })
  documentSource!: DocumentSource | null;
}

@Directive(cacheHint(INHERIT))
@ObjectType('MeasureParty', { description: 'An executor or partner of a measure as the document names it, and the registry organisation it is, when one matches.' })
export class MeasurePartyView {
  @Field(() => String)
  name!: string;

  @Field(() => PartyRole)
  role!: PartyRole;

  @Field(() => OrganizationRef, { nullable: true, description: 'The registry organisation, when one matches the name (or its EDRPOU); null otherwise.' })
  organization!: EntityRef | null;

  @Field(() => DocumentSource)
  source!: DocumentSource;
}

@Directive(cacheHint(INHERIT))
@ObjectType({ description: 'How many measures have a status.' })
export class StatusCount {
  @Field(() => MeasureStatus)
  status!: MeasureStatus;

  @Field(() => Int)
  count!: number;
}

@Directive(cacheHint(INHERIT))
@ObjectType({ description: 'A period of whole days, both ends included (ISO dates, `2023-01-01`).' })
export class DatePeriod {
  @Field(() => String)
  start!: string;

  @Field(() => String)
  end!: string;
}

/** All five statuses, in the enum's order, with zero where none. */
export function statusCounts(counts: ReadonlyMap<MeasureStatus, number>): StatusCount[] {
  return Object.values(MeasureStatus).map((status) => ({ status, count: counts.get(status) ?? 0 }));
}
