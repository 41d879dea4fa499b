import type { TypedDocumentString } from './generated/graphql.js';

/** An error as the gateway answers it: `extensions.code` is stable (see the README's error reference). */
export interface GraphQLErrorShape {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

export interface GraphQLResult<TData> {
  data?: TData | null;
  errors?: GraphQLErrorShape[];
}

export interface RequestOptions {
  /** `Authorization: Bearer …`, `Accept-Language`, … */
  headers?: Record<string, string>;
  /**
   * Send the operation's persisted id instead of its text: by GET for a query (cacheable
   * by a CDN), by POST for a mutation. The gateway knows the id from its manifest.
   */
  persisted?: boolean;
  signal?: AbortSignal;
  /** Another fetch (a test's, or one with retries); the global one by default. */
  fetch?: typeof fetch;
}

/**
 * Variables may be left out only when the operation has no required ones; their type
 * comes from the document alone, so a variable it does not declare is refused.
 */
export type OperationArguments<TVariables, TOptions> = Record<string, never> extends TVariables
  ? [variables?: NoInfer<TVariables>, options?: TOptions]
  : [variables: NoInfer<TVariables>, options?: TOptions];

/** An operation document's kind and name, read from its text (the generated documents hold one operation each). */
export const OPERATION = /^\s*(query|mutation|subscription)\s+(\w+)/;

/**
 * Runs a typed document against the gateway (`endpoint`: its /graphql URL) and returns the
 * answer, typed by the document: `data` and `errors` as the gateway sent them, errors
 * included (a 4xx answer in the GraphQL error shape is an answer, not an exception).
 * Throws only when no GraphQL answer came back (network failure, a proxy's HTML page).
 */
export async function request<TData, TVariables>(
  endpoint: string | URL,
  document: TypedDocumentString<TData, TVariables>,
  ...[variables, options = {}]: OperationArguments<TVariables, RequestOptions>
): Promise<GraphQLResult<TData>> {
  const text = document.toString().trim();
  const [, type, operationName] = OPERATION.exec(text) ?? [];
  const persistedId = document.__meta__?.persistedId as string | undefined;
  const headers: Record<string, string> = { accept: 'application/graphql-response+json, application/json', ...options.headers };
  const byId = options.persisted === true;
  if (byId && !persistedId) throw new Error(`${operationName ?? 'This operation'} has no persisted id`);
  const extensions = byId ? { persistedQuery: { version: 1, sha256Hash: persistedId } } : undefined;
  let response: Response;
  if (byId && type === 'query') {
    const url = new URL(endpoint);
    if (operationName) url.searchParams.set('operationName', operationName);
    if (variables) url.searchParams.set('variables', JSON.stringify(variables));
    url.searchParams.set('extensions', JSON.stringify(extensions));
    // The gateway's CSRF guard lets a GET through with this header (browsers cannot send it cross-site unasked).
    response = await (options.fetch ?? fetch)(url, { headers: { ...headers, 'apollo-require-preflight': 'true' }, signal: options.signal });
  } else {
    const body = { operationName, variables, ...(byId ? { extensions } : { query: text }) };
    response = await (options.fetch ?? fetch)(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
      signal: options.signal,
    });
  }
  if (!/json/.test(response.headers.get('content-type') ?? '')) {
    throw new Error(`The gateway answered ${response.status} ${response.statusText} without a GraphQL answer`);
  }
  return (await response.json()) as GraphQLResult<TData>;
}
