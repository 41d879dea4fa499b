import { registerEnumType } from 'type-graphql';

/** What a city adopted: the kinds of documents the importer reads (see import/records.ts `kindOf`). */
export enum ProgrammeKind {
  TARGET_PROGRAMME = 'TARGET_PROGRAMME',
  ACTION_PLAN = 'ACTION_PLAN',
  STRATEGY_PLAN = 'STRATEGY_PLAN',
}
registerEnumType(ProgrammeKind, {
  name: 'ProgrammeKind',
  description: 'What kind of document the programme is.',
  valuesConfig: {
    TARGET_PROGRAMME: { description: 'A city target programme (міська цільова програма), with funding per measure.' },
    ACTION_PLAN: { description: 'A plan of measures or actions (план заходів, план дій), e.g. the Open Government Partnership plan.' },
    STRATEGY_PLAN: { description: 'A plan implementing a city strategy (план реалізації стратегії).' },
  },
});

/** How a goal of a programme is called in its document. */
export enum GoalLevel {
  DIRECTION = 'DIRECTION',
  TASK = 'TASK',
  COMMITMENT = 'COMMITMENT',
}
registerEnumType(GoalLevel, {
  name: 'GoalLevel',
  valuesConfig: {
    DIRECTION: { description: 'A strategic direction (стратегічний напрям), above tasks.' },
    TASK: { description: 'A task (завдання) of a programme or a direction.' },
    COMMITMENT: { description: 'A commitment (зобов\u02bcязання) of an action plan, with its steps.' },
  },
});
