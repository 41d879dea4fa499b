import { AsyncLocalStorage } from 'node:async_hooks';
import type { Locale } from './locale.js';

/** What one request's handling shares wherever its code runs (GraphQL error formatting has no request at hand): log fields and its language. */
interface RequestScope {
  reqId: string;
  /** The language the caller's `Accept-Language` chose: error messages are written in it (lib/messages). */
  locale: Locale;
  /** The fingerprint of the last SQL statement that failed while serving the request. */
  failedStatement?: string;
}

const requestScope = new AsyncLocalStorage<RequestScope>();

/** Runs `next` (and everything it starts) as part of the request `reqId`, answered in `locale`. */
export function runInRequestScope(reqId: string, locale: Locale, next: () => void): void {
  requestScope.run({ reqId, locale }, next);
}

/** The language of the request being served; Ukrainian outside one. */
export function requestLocale(): Locale {
  return requestScope.getStore()?.locale ?? 'uk';
}

/** `{ reqId }` for a log line written while serving a request; empty outside one. */
export function requestLogFields(): { reqId?: string } {
  const scope = requestScope.getStore();
  return scope ? { reqId: scope.reqId } : {};
}

/** Remembers, for the request being served, the fingerprint of a statement that failed (see database.ts). */
export function noteFailedStatement(fingerprint: string): void {
  const scope = requestScope.getStore();
  if (scope) scope.failedStatement = fingerprint;
}

/** `{ statement }`: the fingerprint of the last statement that failed in this request, if one did. */
export function failedStatementFields(): { statement?: string } {
  const statement = requestScope.getStore()?.failedStatement;
  return statement ? { statement } : {};
}
