import { registerEnumType } from 'type-graphql';

export enum SurveyQuestionKind {
  SINGLE_CHOICE = 'SINGLE_CHOICE',
  MULTIPLE_CHOICE = 'MULTIPLE_CHOICE',
  TEXT = 'TEXT',
  SCALE = 'SCALE',
}
registerEnumType(SurveyQuestionKind, {
  name: 'SurveyQuestionKind',
  description: 'What an answer to a survey question is.',
  valuesConfig: {
    SINGLE_CHOICE: { description: 'Exactly one of the options.' },
    MULTIPLE_CHOICE: { description: 'One or more of the options.' },
    TEXT: { description: 'Free text; never published.' },
    SCALE: { description: 'A whole number between `scaleMin` and `scaleMax` (1 to 5).' },
  },
});

/** The scale every SCALE question uses. */
export const SCALE_MIN = 1;
export const SCALE_MAX = 5;
