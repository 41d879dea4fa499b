import { registerEnumType } from 'type-graphql';

export enum PetitionStatus {
  MODERATION = 'MODERATION',
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
  REJECTED = 'REJECTED',
}
registerEnumType(PetitionStatus, {
  name: 'PetitionStatus',
  description: 'MODERATION → OPEN (admitted) or REJECTED; OPEN → CLOSED when its collection period ends.',
});

export enum PetitionSort {
  NEWEST = 'NEWEST',
  MOST_SIGNED = 'MOST_SIGNED',
  CLOSING_SOON = 'CLOSING_SOON',
}
registerEnumType(PetitionSort, {
  name: 'PetitionSort',
  valuesConfig: {
    NEWEST: { description: 'Latest submitted first.' },
    MOST_SIGNED: { description: 'Most signatures first.' },
    CLOSING_SOON: { description: 'Nearest closing date first; petitions without one last.' },
  },
});

export enum SignatureChannel {
  WEB = 'WEB',
  MOBILE_APP = 'MOBILE_APP',
}
registerEnumType(SignatureChannel, { name: 'SignatureChannel', description: 'Where a signature was given.' });

export enum ModerationDecision {
  ADMIT = 'ADMIT',
  REJECT = 'REJECT',
}
registerEnumType(ModerationDecision, {
  name: 'ModerationDecision',
  valuesConfig: {
    ADMIT: { description: 'Open it for signatures for the city\u02bcs collection period.' },
    REJECT: { description: 'Refuse it; a reason is required and is published.' },
  },
});
