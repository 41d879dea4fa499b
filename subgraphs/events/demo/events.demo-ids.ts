import type { EventType } from '../../../lib/events.js';
import { demoId } from '../../shared/demo-ids.js';

/** The city the demo integrator works for, and who they are (the sandbox's `integrator-kyiv`). */
export const DEMO_CITY = 'kyiv';
export const DEMO_INTEGRATOR = `demo-integrator-${DEMO_CITY}`;

/**
 * The demo webhook: a newsroom following petitions' thresholds and answers and
 * consultations' outcomes. `.example` never resolves (RFC 2606), so its deliveries fail with
 * DNS and, after a while, show how a failing webhook is switched off, without calling anyone.
 */
export const DEMO_WEBHOOK = {
  id: demoId('webhook', 'kyiv-newsroom'),
  url: 'https://newsroom.webhooks.example/participation',
  eventTypes: ['ConsultationOutcomePublished', 'PetitionAnswered', 'PetitionThresholdReached'] satisfies EventType[],
  description: 'Редакція міських новин: петиції, що набрали підписи, відповіді на них і підсумки консультацій.',
};
