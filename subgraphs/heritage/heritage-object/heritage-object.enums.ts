import { registerEnumType } from 'type-graphql';

export enum HeritageCondition {
  GOOD = 'GOOD',
  SATISFACTORY = 'SATISFACTORY',
  UNSATISFACTORY = 'UNSATISFACTORY',
  EMERGENCY = 'EMERGENCY',
  DAMAGED = 'DAMAGED',
  DESTROYED = 'DESTROYED',
}
registerEnumType(HeritageCondition, {
  name: 'HeritageCondition',
  description: 'Technical condition of a monument; DAMAGED and DESTROYED record war damage among others.',
});

export enum HeritageSignificance {
  NATIONAL = 'NATIONAL',
  LOCAL = 'LOCAL',
}
registerEnumType(HeritageSignificance, { name: 'HeritageSignificance', description: 'Significance in the State Register of Immovable Monuments.' });

export enum HeritageType {
  ARCHAEOLOGY = 'ARCHAEOLOGY',
  HISTORY = 'HISTORY',
  MONUMENTAL_ART = 'MONUMENTAL_ART',
  ARCHITECTURE_AND_URBAN_PLANNING = 'ARCHITECTURE_AND_URBAN_PLANNING',
  GARDEN_AND_PARK_ART = 'GARDEN_AND_PARK_ART',
  LANDSCAPE = 'LANDSCAPE',
  SCIENCE_AND_TECHNOLOGY = 'SCIENCE_AND_TECHNOLOGY',
}
registerEnumType(HeritageType, { name: 'HeritageType', description: 'Types of monument in the national register.' });

export enum ConditionSource {
  OFFICIAL = 'OFFICIAL',
  CITIZEN = 'CITIZEN',
}
registerEnumType(ConditionSource, {
  name: 'ConditionSource',
  description: 'OFFICIAL: recorded by an inspector; CITIZEN: a resident\u02bcs report an inspector accepted.',
});
