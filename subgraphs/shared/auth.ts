import type { AuthCheckerFn } from 'type-graphql';
import type { RequestContext } from './context.js';
import { ClientError, ErrorCode } from '../../lib/errors.js';
import { message, type Message } from '../../lib/messages/index.js';
import { hasRole, type Role, type Viewer } from '../../lib/identity.js';

export class UnauthenticatedError extends ClientError {
  constructor(reason: Message = message('auth.signInRequired')) {
    super(reason, ErrorCode.UNAUTHENTICATED);
  }
}

export class ForbiddenError extends ClientError {
  constructor(reason: Message) {
    super(reason, ErrorCode.FORBIDDEN);
  }
}

/**
 * The one auth checker of every subgraph, behind type-graphql's `@Authorized`:
 * `@Authorized()` needs a signed-in caller (a resident); `@Authorized('moderator')` needs
 * that role in some city. Whether it is the right city depends on the object acted on, so
 * the resolver checks that with `requireRole` once it has loaded the object.
 * It throws rather than returning false so the error carries our codes and wording.
 */
export const authChecker: AuthCheckerFn<RequestContext, Role> = ({ context }, roles) => {
  const viewer = requireViewer(context);
  if (roles.length && !roles.some((role) => hasRole(viewer, role))) {
    throw new ForbiddenError(message('auth.staffOnly', { roles }));
  }
  return true;
};

/** The signed-in caller, or UNAUTHENTICATED. */
export function requireViewer(ctx: RequestContext): Viewer {
  if (!ctx.viewer) throw new UnauthenticatedError();
  return ctx.viewer;
}

/** The signed-in caller holding `role` in `city`, or UNAUTHENTICATED / FORBIDDEN. */
export function requireRole(ctx: RequestContext, role: Role, city: string): Viewer {
  const viewer = requireViewer(ctx);
  if (!hasRole(viewer, role, city)) throw new ForbiddenError(message('auth.roleInCity', { role, city }));
  return viewer;
}
