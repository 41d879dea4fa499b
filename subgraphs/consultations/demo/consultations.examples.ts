import type { SandboxExampleContext, SandboxExampleSpec } from '../../shared/subgraph.js';
import { demoId } from '../../shared/demo-ids.js';
import { demoConsultations } from './consultations.data.js';

/**
 * The sandbox's examples of the consultations subgraph's own operations: ConsultationLive,
 * run anonymously, on the open consultation whose survey the ConsultationPage and
 * RespondToSurvey examples use, so that answering it in another tab moves the counts here.
 */
export function consultationsSandboxExamples(context: SandboxExampleContext): SandboxExampleSpec[] {
  const open = demoConsultations.find((c) => c.city === context.city && c.opensInDays < 0 && c.closesInDays > 0 && !!c.survey?.length);
  if (!open) throw new Error(`sandbox examples: the demo data has no open consultation with a survey in ${context.city}`);
  return [{ operation: 'ConsultationLive', signIn: null, variables: { id: demoId('consultation', open.slug) } }];
}
