import type { SandboxExampleContext, SandboxExampleSpec } from '../../shared/subgraph.js';
import { demoId } from '../../shared/demo-ids.js';
import { DEFAULT_PETITION_RULES } from '../petition/petition.rules.js';
import { demoPetitions } from './petitions.data.js';

/**
 * The sandbox's examples of the petitions subgraph's own operations: PetitionLive, run
 * anonymously, on the open petition that the PetitionPage and SignPetition examples use
 * (an initiator organisation, so an event carries a field from the registry), so that
 * running SignPetition in another tab shows the count change in this one.
 */
export function petitionsSandboxExamples(context: SandboxExampleContext): SandboxExampleSpec[] {
  const rules = DEFAULT_PETITION_RULES[context.city];
  const open = demoPetitions.find(
    (p) => p.city === context.city && p.status === 'OPEN' && !!rules && p.daysAgo < rules.periodDays && !!p.initiatorOrganization && p.heritageObjects.length > 0,
  );
  if (!open) throw new Error(`sandbox examples: the demo data has no open petition in ${context.city} with an initiator and a monument`);
  return [{ operation: 'PetitionLive', signIn: null, variables: { id: demoId('petition', open.slug) } }];
}
