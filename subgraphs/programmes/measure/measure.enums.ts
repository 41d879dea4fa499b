import { registerEnumType } from 'type-graphql';

/** A measure's status in a report, normalised from its wording (see import/statuses.ts). */
export enum MeasureStatus {
  DONE = 'DONE',
  IN_PROGRESS = 'IN_PROGRESS',
  PARTIALLY_DONE = 'PARTIALLY_DONE',
  NOT_DONE = 'NOT_DONE',
  NOT_REPORTED = 'NOT_REPORTED',
}
registerEnumType(MeasureStatus, {
  name: 'MeasureStatus',
  description: 'What a report says of a measure.',
  valuesConfig: {
    DONE: { description: 'Виконано.' },
    IN_PROGRESS: { description: 'Виконується.' },
    PARTIALLY_DONE: { description: 'Частково виконано.' },
    NOT_DONE: { description: 'Не виконано.' },
    NOT_REPORTED: { description: 'No published report says anything of it (or says "-").' },
  },
});

/** In which capacity a document names an organisation on a measure. */
export enum PartyRole {
  EXECUTOR = 'EXECUTOR',
  PARTNER = 'PARTNER',
}
registerEnumType(PartyRole, { name: 'MeasurePartyRole', description: 'Executor (виконавець, відповідальний) or partner (партнер).' });
