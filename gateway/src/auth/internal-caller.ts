/**
 * Who asks for the operational endpoints (`/metrics`, the detailed `/ready`): the one rule,
 * shared with the subgraphs' `/metrics`, lives in lib/internal-caller.ts. The gateway's
 * configuration satisfies `InternalAccess` (`production`, `internalToken`).
 */
export { internalCallers, type CallerKind } from '../../../lib/internal-caller.js';
