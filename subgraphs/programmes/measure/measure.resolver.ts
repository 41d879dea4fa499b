import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Directive, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import { cacheHint, PER_VIEWER, publicForAnonymous } from '../../shared/cache-hints.js';
import type { RequestContext } from '../../shared/context.js';
import { requiredSourceOf, sourceOf } from '../document/document-source.js';
import { DocumentSource } from '../document/document-source.types.js';
import { Goal } from '../goal/goal.entity.js';
import { MeasureProgress } from '../progress/measure-progress.entity.js';
import { progressOfMeasure } from '../progress/progress.loader.js';
import { Programme } from '../programme/programme.entity.js';
import { goalById, programmeById } from '../programme/programme.loader.js';
import type { FundingLine } from './funding-line.entity.js';
import type { MeasureParty } from './measure-party.entity.js';
import { Measure } from './measure.entity.js';
import { PartyRole } from './measure.enums.js';
import { fundingOfMeasure, measureById, partiesOfMeasure } from './measure.loader.js';
import { DatePeriod, FundingLineView, MeasurePartyView, StatedAmount } from './measure.types.js';

@Resolver(() => Measure)
export class MeasureResolver {
  @Query(() => Measure, { nullable: true, description: 'A measure by id; null when unknown.' })
  measure(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Measure | null> {
    return measureById(ctx).load(id);
  }

  @FieldResolver(() => Programme)
  async programme(@Root() measure: Measure, @Ctx() ctx: RequestContext): Promise<Programme> {
    return (await programmeById(ctx).load(measure.programme.id))!;
  }

  @FieldResolver(() => Goal, { nullable: true, description: 'The goal it is listed under; null when its programme has no goals.' })
  goal(@Root() measure: Measure, @Ctx() ctx: RequestContext): Promise<Goal | null> {
    return measure.goal ? goalById(ctx).load(measure.goal.id) : Promise.resolve(null);
  }

  @FieldResolver(() => DatePeriod, { nullable: true, description: 'The deadline as a period, when it can be read.' })
  period(@Root() measure: Measure): DatePeriod | null {
    return measure.periodStart && measure.periodEnd ? { start: measure.periodStart, end: measure.periodEnd } : null;
  }

  @FieldResolver(() => [String], { description: 'Its executors (виконавці, відповідальні), as the document names them.' })
  async executors(@Root() measure: Measure, @Ctx() ctx: RequestContext): Promise<string[]> {
    return (await partiesOfMeasure(ctx).load(measure.id)).filter((p) => p.role === PartyRole.EXECUTOR).map((p) => p.name);
  }

  @FieldResolver(() => [MeasurePartyView], { description: 'Its partners, each with the registry organisation it is when one matches.' })
  async partners(@Root() measure: Measure, @Ctx() ctx: RequestContext): Promise<MeasurePartyView[]> {
    const parties = (await partiesOfMeasure(ctx).load(measure.id)).filter((p) => p.role === PartyRole.PARTNER);
    return Promise.all(parties.map((party) => partyView(ctx, party)));
  }

  @FieldResolver(() => [MeasurePartyView], { description: 'Executors and partners together, each with its role.' })
  async parties(@Root() measure: Measure, @Ctx() ctx: RequestContext): Promise<MeasurePartyView[]> {
    return Promise.all((await partiesOfMeasure(ctx).load(measure.id)).map((party) => partyView(ctx, party)));
  }

  @FieldResolver(() => [FundingLineView], { description: 'Money planned, per source and year, as the document states it.' })
  async funding(@Root() measure: Measure, @Ctx() ctx: RequestContext): Promise<FundingLineView[]> {
    const lines = (await fundingOfMeasure(ctx).load(measure.id)).filter((line) => line.kind === 'PLANNED');
    return Promise.all(lines.map(async (line) => ({ source: line.source ?? '', year: line.year, planned: line.amount, documentSource: (await fundingSource(ctx, line))! })));
  }

  @FieldResolver(() => [StatedAmount], { description: 'The totals the document states for its funding ("Всього"), to compare with the sum of `funding`.' })
  async fundingTotals(@Root() measure: Measure, @Ctx() ctx: RequestContext): Promise<StatedAmount[]> {
    const lines = (await fundingOfMeasure(ctx).load(measure.id)).filter((line) => line.kind === 'STATED');
    return Promise.all(lines.map(async (line) => ({ source: line.source, year: line.year, amount: line.amount ?? '0', documentSource: await fundingSource(ctx, line) })));
  }

  @Directive(cacheHint(PER_VIEWER))
  @FieldResolver(() => [MeasureProgress], { description: 'What each published report says of it, in period order (drafts too, for officials of its city).' })
  progress(@Root() measure: Measure, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<MeasureProgress[]> {
    publicForAnonymous(info, ctx.viewer);
    return progressOfMeasure(ctx).load(measure.id);
  }

  @FieldResolver(() => DocumentSource, { description: 'The document it was read from, and the line of its number.' })
  source(@Root() measure: Measure, @Ctx() ctx: RequestContext): Promise<DocumentSource> {
    return requiredSourceOf(ctx, measure.document.id, measure.lines.number);
  }
}

async function partyView(ctx: RequestContext, party: MeasureParty): Promise<MeasurePartyView> {
  return {
    name: party.name,
    role: party.role,
    organization: party.organizationId ? { id: party.organizationId } : null,
    source: await requiredSourceOf(ctx, party.document.id, party.line),
  };
}

function fundingSource(ctx: RequestContext, line: FundingLine): Promise<DocumentSource | null> {
  return sourceOf(ctx, line.document.id, line.line);
}
