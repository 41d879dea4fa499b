import type { DemoDocument } from './demo-document.js';
import { kyivOpenGovernmentPlan20252026 } from './kyiv-open-government-plan-2025-2026.document.js';
import { kyivPlan20232024Report2023 } from './kyiv-plan-2023-2024-report-2023.document.js';
import { kyivPlan20252027 } from './kyiv-plan-2025-2027.document.js';
import { kyivProgramme20202024ReportQ12023 } from './kyiv-programme-2020-2024-report-2023-q1.document.js';
import { vinnytsiaPartnershipPlan20232024 } from './vinnytsia-partnership-plan-2023-2024.document.js';

export type { DemoDocument };

/** The five seed documents, in the order of their file names; the demo data is what they say. */
export const DEMO_DOCUMENTS: readonly DemoDocument[] = [
  kyivPlan20252027,
  kyivPlan20232024Report2023,
  kyivOpenGovernmentPlan20252026,
  kyivProgramme20202024ReportQ12023,
  vinnytsiaPartnershipPlan20232024,
];
