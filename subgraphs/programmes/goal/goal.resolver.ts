import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../shared/context.js';
import { requiredSourceOf } from '../document/document-source.js';
import { DocumentSource } from '../document/document-source.types.js';
import { Goal } from './goal.entity.js';

@Resolver(() => Goal)
export class GoalResolver {
  @FieldResolver(() => DocumentSource, { description: 'The document it was read from, and the line of its title.' })
  source(@Root() goal: Goal, @Ctx() ctx: RequestContext): Promise<DocumentSource> {
    return requiredSourceOf(ctx, goal.document.id, goal.lines.title);
  }
}
