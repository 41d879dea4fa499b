import { ClientError } from '../../../lib/errors.js';
import { message } from '../../../lib/messages/index.js';
import { hasRole, type Viewer } from '../../../lib/identity.js';
import { operationId, type PersistedOperation } from './manifest.js';

/** What a GraphQL request over HTTP names: a document, a persisted id, or both (APQ registration). */
export interface RequestedOperation {
  query?: string;
  persistedId?: string;
}

/** Reads the document and persisted id of a POST body or GET query string (`extensions` is JSON there). */
export function requestedOperation(method: string, body: unknown, query: unknown): RequestedOperation {
  const source = (method === 'GET' ? query : body) as Record<string, unknown> | undefined;
  if (!source || typeof source !== 'object' || Array.isArray(source)) return {};
  let extensions = source.extensions;
  if (typeof extensions === 'string') {
    try {
      extensions = JSON.parse(extensions);
    } catch {
      return { query: typeof source.query === 'string' ? source.query : undefined };
    }
  }
  const hash = (extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery?.sha256Hash;
  return {
    query: typeof source.query === 'string' ? source.query : undefined,
    persistedId: typeof hash === 'string' ? hash : undefined,
  };
}

/**
 * Safelist mode: the city's apps send only operations of the manifest (by id or in
 * full); callers with the `developer` role may send anything, and register automatic
 * persisted queries. Off, everyone may (development, open data portals).
 */
export function createSafelist(manifest: Map<string, PersistedOperation>, enabled: boolean) {
  return function checkSafelist(operation: RequestedOperation, viewer: Viewer | null): void {
    if (!enabled || hasRole(viewer, 'developer')) return;
    if (operation.query === undefined) {
      if (operation.persistedId !== undefined && !manifest.has(operation.persistedId)) {
        // What Apollo answers for an unknown id; clients then send the document, refused below.
        throw new ClientError(message('persisted.notFound'), 'PERSISTED_QUERY_NOT_FOUND', { http: { status: 200 } });
      }
      return;
    }
    if (!manifest.has(operationId(operation.query))) {
      throw new ClientError(message('persisted.notInSafelist'), 'FORBIDDEN', { reason: 'OPERATION_NOT_IN_SAFELIST', http: { status: 403 } });
    }
  };
}
