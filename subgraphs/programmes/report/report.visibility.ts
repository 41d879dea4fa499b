import type { RequestContext } from '../../shared/context.js';
import { hasRole } from '../../../lib/identity.js';
import type { ProgrammeReport } from './programme-report.entity.js';
import { ReportState } from './report.enums.js';

/** Residents read what is published; a draft is for the officials of its city. */
export function canSeeReport(ctx: RequestContext, report: Pick<ProgrammeReport, 'state' | 'city'>): boolean {
  return report.state === ReportState.PUBLISHED || hasRole(ctx.viewer, 'official', report.city);
}
