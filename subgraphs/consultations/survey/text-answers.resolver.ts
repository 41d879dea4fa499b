import { Args, Authorized, Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import { cacheHint, PRIVATE } from '../../shared/cache-hints.js';
import { requireRole } from '../../shared/auth.js';
import type { RequestContext } from '../../shared/context.js';
import { connectionOf, lazySource, PageArgs, pageSize, type Connection } from '../../shared/pagination.js';
import { countRows, keysetPage, type SortKey } from '../../shared/queries.js';
import { consultationById } from '../consultation/consultation.loader.js';
import { SurveyAnswer } from '../response/survey-answer.entity.js';
import { SurveyQuestion } from './survey-question.entity.js';
import { SurveyQuestionKind } from './survey.enums.js';

export const SurveyTextAnswerConnection = connectionOf('SurveyTextAnswer', () => SurveyAnswer, PRIVATE);

const ORDER: SortKey<SurveyAnswer>[] = [{ column: 'id', property: 'id', direction: 'asc', kind: 'uuid' }];

@Resolver(() => SurveyQuestion)
export class SurveyTextAnswersResolver {
  /** Free text may identify its writer, so only staff of the city read it, and never with who wrote it. */
  @Authorized('official')
  @Directive(cacheHint(PRIVATE))
  @FieldResolver(() => SurveyTextAnswerConnection, {
    nullable: true,
    description: 'Answers to a TEXT question, for officials of the city only (FORBIDDEN otherwise); null for other kinds.',
  })
  async textAnswers(@Root() question: SurveyQuestion, @Args(() => PageArgs) args: PageArgs, @Ctx() ctx: RequestContext): Promise<Connection<SurveyAnswer> | null> {
    const consultation = await consultationById(ctx).load(question.consultation.id);
    requireRole(ctx, 'official', consultation!.city);
    if (question.kind !== SurveyQuestionKind.TEXT) return null;
    const first = pageSize(args.first);
    const base = ctx.em.getKnex()('survey_answer as a').select('a.*').where('a.question_id', question.id).whereNotNull('a.text');
    return new SurveyTextAnswerConnection(
      lazySource(
        () => countRows(ctx.em, base),
        () => keysetPage(ctx.em, SurveyAnswer, base, ORDER, first, args.after),
      ),
    );
  }
}
