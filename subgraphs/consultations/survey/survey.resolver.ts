import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../shared/context.js';
import { localized } from '../../../lib/locale.js';
import { SurveyOption } from './survey-option.entity.js';
import { SurveyQuestion } from './survey-question.entity.js';
import { optionsOfQuestion } from './survey.loader.js';
import { SurveyQuestionKind } from './survey.enums.js';

@Resolver(() => SurveyQuestion)
export class SurveyQuestionResolver {
  @FieldResolver(() => String)
  text(@Root() question: SurveyQuestion, @Ctx() ctx: RequestContext): string {
    return localized(ctx.locale, question.textUk, question.textEn);
  }

  @FieldResolver(() => [SurveyOption], { description: 'The options of a choice question, in order; empty for TEXT and SCALE.' })
  async options(@Root() question: SurveyQuestion, @Ctx() ctx: RequestContext): Promise<SurveyOption[]> {
    if (question.kind !== SurveyQuestionKind.SINGLE_CHOICE && question.kind !== SurveyQuestionKind.MULTIPLE_CHOICE) return [];
    return optionsOfQuestion(ctx).load(question.id);
  }
}

@Resolver(() => SurveyOption)
export class SurveyOptionResolver {
  @FieldResolver(() => String)
  text(@Root() option: SurveyOption, @Ctx() ctx: RequestContext): string {
    return localized(ctx.locale, option.textUk, option.textEn);
  }
}
