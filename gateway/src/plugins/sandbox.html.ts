import type { SandboxIdentity } from './sandbox-examples.js';
import { LIVE_FETCHER_SCRIPT } from './sandbox-live.js';

/** One preloaded GraphiQL tab: a client operation, its example variables (JSON text) and who runs it. */
export interface SandboxTab {
  /** The operation's name, which GraphiQL shows as the tab's title. */
  operation: string;
  query: string;
  variables: string;
  /** The identity the example runs as (a `SandboxIdentity.id`); null when anyone may run it. */
  signIn: string | null;
}

/** What the page's script reads: the tabs, where GraphiQL keeps its state, and the sign-in panel's data. */
export interface SandboxPageConfig {
  tabs: SandboxTab[];
  /** localStorage namespace; it changes with the operations, so edited files reach the tabs. */
  storageNamespace: string;
  /** Development only: where tokens come from and whom to offer; null hides the panel. */
  signIn: { tokenPath: string; identities: SandboxIdentity[] } | null;
}

/**
 * JSON that is safe inside a `<script>` element: `<` (and so `</script>` and `<!--`),
 * `>` and `&` never appear literally, whatever the operations' comments contain.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The sandbox page. Every asset comes from the gateway's own `/sandbox/` routes: the machine
 * may be offline, and a municipal deployment loads nothing from third parties. The data
 * travels as inert JSON; the only script is the boot code below, which contains no data.
 */
export function renderSandboxPage(config: SandboxPageConfig, assetPrefix: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Participation graph — sandbox</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${assetPrefix}graphiql.min.css">
<style>${STYLE}</style>
</head>
<body>
<div id="sandbox">Loading the sandbox…</div>
<script type="application/json" id="sandbox-config">${scriptSafeJson(config)}</script>
<script src="${assetPrefix}react.production.min.js"></script>
<script src="${assetPrefix}react-dom.production.min.js"></script>
<script src="${assetPrefix}graphiql.min.js"></script>
<script>${BOOT}</script>
</body>
</html>
`;
}

/** GraphiQL's own colours (its variables live inside its container, so the bar above repeats them). */
const STYLE = `
html, body, #sandbox { height: 100%; margin: 0; }
#sandbox { display: flex; flex-direction: column; }
#graphiql { flex: 1; min-height: 0; }
#sandbox-bar { font: 14px/1.4 system-ui, sans-serif; color: hsl(219, 28%, 32%); background: hsl(219, 28%, 100%); }
body.graphiql-dark #sandbox-bar { color: hsl(219, 29%, 78%); background: hsl(219, 29%, 18%); }
@media (prefers-color-scheme: dark) { body:not(.graphiql-light) #sandbox-bar { color: hsl(219, 29%, 78%); background: hsl(219, 29%, 18%); } }
.sandbox-sign-in { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 12px; padding: 6px 16px; border-bottom: 1px solid hsla(219, 28%, 50%, 0.2); }
.sandbox-sign-in label { font-weight: 600; }
.sandbox-sign-in select, .sandbox-sign-in button { font: inherit; }
.sandbox-status { opacity: 0.8; }
.sandbox-notice { color: hsl(13, 93%, 48%); font-weight: 600; }
.sandbox-banner { padding: 8px 16px; background: hsl(13, 93%, 48%); color: #fff; font-weight: 600; }
.sandbox-live { padding: 6px 16px; border-bottom: 1px solid hsla(219, 28%, 50%, 0.2); }
.sandbox-live-live::before { content: "● "; color: hsl(153, 48%, 41%); }
`;

/**
 * The page's script. A small store holds who is signed in and whether the gateway answers;
 * the bar above GraphiQL shows it, and a component inside GraphiQL (its toolbar's
 * `additionalComponent`, which sees the editor context) writes the Authorization header
 * into whichever tab is open, so every tab runs as the identity chosen. Subscriptions go
 * over Server-Sent Events (sandbox-live.ts), each result shown as it arrives, and the bar
 * says how the stream is doing.
 */
const BOOT = `
(() => {
  const config = JSON.parse(document.getElementById('sandbox-config').textContent);
  const h = React.createElement;
  const endpoint = location.pathname;
  const IDENTITY_KEY = 'participation-sandbox:identity';

  // identity: undefined until someone is chosen (headers are then left as they are), null when signed out.
  // live: the status of the subscription running or last run (sandbox-live.ts), null when none.
  let snapshot = { identity: undefined, authorization: null, pending: false, error: null, notice: null, unreachable: false, live: null, operation: config.tabs[0] ? config.tabs[0].operation : null };
  const listeners = new Set();
  const update = (patch) => { snapshot = { ...snapshot, ...patch }; listeners.forEach((listener) => listener()); };
  const subscribe = (listener) => { listeners.add(listener); return () => listeners.delete(listener); };
  const useSandbox = () => React.useSyncExternalStore(subscribe, () => snapshot);

  // A fetch that fails (not an HTTP error: no answer at all) means the gateway is out of reach;
  // the banner stays until a probe gets any answer again.
  let probe = null;
  const reachable = () => { if (snapshot.unreachable) update({ unreachable: false }); };
  const unreachable = () => {
    if (!snapshot.unreachable) update({ unreachable: true });
    probe = probe || setInterval(() => {
      fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' })
        .then(() => { clearInterval(probe); probe = null; reachable(); }, () => {});
    }, 2000);
  };
  const gatewayFetch = async (input, init) => {
    let response;
    try {
      response = await fetch(input, init);
    } catch {
      unreachable();
      // A plain object: GraphiQL shows its message alone, without the browser's stack.
      throw { message: 'No answer from the gateway at ' + location.origin + endpoint + ': is it running (npm start)?' };
    }
    reachable();
    return response;
  };

  const NOTICES = {
    UNAUTHENTICATED: 'This needs someone signed in: choose an identity in “Sign in”.',
    FORBIDDEN: 'The identity signed in may not do this: choose the role it needs in “Sign in”.',
  };
  const noticeFrom = (answer) => {
    const codes = ((answer && answer.errors) || []).map((error) => error && error.extensions && error.extensions.code);
    const code = Object.keys(NOTICES).find((known) => codes.includes(known));
    update({ notice: code ? NOTICES[code] : null });
  };

  const httpFetcher = GraphiQL.createFetcher({
    url: endpoint,
    fetch: async (input, init) => {
      const response = await gatewayFetch(input, init);
      if (config.signIn) response.clone().json().then(noticeFrom, () => {});
      return response;
    },
  });

  ${LIVE_FETCHER_SCRIPT.trim()}
  const subscribeLive = liveFetcher({
    endpoint,
    fetch: gatewayFetch,
    onResult: (result) => { if (config.signIn) noticeFrom(result); },
    onStatus: (live) => update({ live }),
  });
  // The operation GraphiQL runs: the one named, or the document's only one.
  const isSubscription = (params, documentAST) => {
    const operations = ((documentAST && documentAST.definitions) || []).filter((definition) => definition.kind === 'OperationDefinition');
    const operation = params.operationName ? operations.find((definition) => definition.name && definition.name.value === params.operationName) : operations.length === 1 ? operations[0] : undefined;
    return !!operation && operation.operation === 'subscription';
  };
  // Queries and mutations as before; subscriptions over Server-Sent Events, whose results GraphiQL shows one by one.
  const fetcher = (params, options) => {
    if (!isSubscription(params, options && options.documentAST)) return httpFetcher(params, options);
    if (snapshot.live) update({ live: null });
    return subscribeLive(params, options && options.headers);
  };

  const signInAs = async (id) => {
    const identity = id && config.signIn.identities.find((candidate) => candidate.id === id);
    if (!identity) {
      localStorage.removeItem(IDENTITY_KEY);
      update({ identity: null, authorization: null, pending: false, error: null, notice: null });
      return;
    }
    update({ identity: id, pending: true, error: null });
    try {
      const response = await gatewayFetch(config.signIn.tokenPath, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sub: identity.sub, roles: identity.roles, city: identity.city }),
      });
      const body = await response.json();
      if (!response.ok) throw new Error(body.error || 'HTTP ' + response.status);
      if (snapshot.identity !== id) return; // another was chosen meanwhile
      localStorage.setItem(IDENTITY_KEY, id);
      update({ authorization: body.authorization, pending: false, notice: null });
    } catch (error) {
      if (snapshot.identity === id) update({ authorization: null, pending: false, error: 'No token for ' + identity.sub + ': ' + error.message });
    }
  };

  // The header editor's JSON with Authorization replaced (or removed); null when it is not a JSON object, left alone.
  const withAuthorization = (text, authorization) => {
    let headers = {};
    if (text.trim()) {
      try { headers = JSON.parse(text); } catch { return null; }
      if (!headers || typeof headers !== 'object' || Array.isArray(headers)) return null;
    }
    const rest = Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'authorization'));
    const next = authorization ? { Authorization: authorization, ...rest } : rest;
    return Object.keys(next).length ? JSON.stringify(next, null, 2) : '';
  };

  // Inside GraphiQL: tabs keep their own headers, so the chosen identity is written into each tab as it opens.
  function HeaderSync() {
    const editor = GraphiQL.React.useEditorContext();
    const { identity, authorization, pending } = useSandbox();
    const headerEditor = editor && editor.headerEditor;
    const active = editor ? editor.activeTabIndex : 0;
    const title = editor && editor.tabs[active] ? editor.tabs[active].title : null;
    React.useEffect(() => { update({ operation: title, notice: null }); }, [title]);
    React.useEffect(() => {
      if (!headerEditor || identity === undefined || pending) return;
      const current = headerEditor.getValue();
      const next = withAuthorization(current, authorization);
      if (next !== null && next !== current) headerEditor.setValue(next);
    }, [headerEditor, active, identity, authorization, pending]);
    return null;
  }

  function SignIn() {
    const state = useSandbox();
    const identities = config.signIn.identities;
    const option = (identity) => h('option', { key: identity.id, value: identity.id }, identity.label);
    const current = identities.find((identity) => identity.id === state.identity);
    const tab = config.tabs.find((candidate) => candidate.operation === state.operation);
    const suggested = tab && tab.signIn && tab.signIn !== state.identity ? identities.find((identity) => identity.id === tab.signIn) : null;
    const status = state.pending ? 'Signing in…'
      : state.error ? state.error
      : current && state.authorization ? 'Every tab sends “Authorization: Bearer …” for ' + current.sub + ' (see Headers).'
      : 'Not signed in: public data only.';
    return h('section', { className: 'sandbox-sign-in', 'aria-label': 'Sign in' },
      h('label', { htmlFor: 'sandbox-identity' }, 'Sign in (development only)'),
      h('select', { id: 'sandbox-identity', value: state.identity || '', onChange: (event) => signInAs(event.target.value || null) },
        h('option', { value: '' }, 'Not signed in'),
        h('optgroup', { label: 'Demo residents' }, identities.filter((identity) => !identity.roles.length).map(option)),
        h('optgroup', { label: 'City staff' }, identities.filter((identity) => identity.roles.length).map(option))),
      h('span', { className: 'sandbox-status', role: 'status' }, status),
      suggested ? h('button', { type: 'button', className: 'sandbox-suggested', onClick: () => signInAs(suggested.id) }, state.operation + ' runs as ' + suggested.sub + ': sign in as them') : null,
      state.notice ? h('span', { className: 'sandbox-notice', role: 'alert' }, state.notice) : null);
  }

  const LIVE_STATES = {
    waiting: () => 'subscribed over Server-Sent Events, waiting for the first event: a change made meanwhile (in another tab, say) shows here.',
    live: (live) => live.events + (live.events === 1 ? ' event' : ' events') + ' over Server-Sent Events, the last at ' + live.at + '; the response shows the latest.',
    reconnecting: (live) => 'connection lost; resuming after the last event in ' + Math.max(1, Math.round(live.inMs / 1000)) + ' s.',
    ended: (live) => 'the subscription ended' + (live.events ? ' after ' + live.events + (live.events === 1 ? ' event.' : ' events.') : '.'),
    failed: () => 'no stream: see the response.',
  };
  function LiveStatus({ live }) {
    return h('div', { className: 'sandbox-live sandbox-live-' + live.state, role: 'status' }, (live.operation || 'Subscription') + ': ' + LIVE_STATES[live.state](live));
  }

  function Bar() {
    const { unreachable, live } = useSandbox();
    return h('div', { id: 'sandbox-bar' },
      unreachable ? h('div', { className: 'sandbox-banner', role: 'alert' }, 'The sandbox cannot reach the gateway at ' + location.origin + endpoint + '. Is it running (npm start)? Retrying…') : null,
      config.signIn ? h(SignIn) : null,
      live ? h(LiveStatus, { live }) : null);
  }

  const storage = GraphiQL.createLocalStorage({ namespace: config.storageNamespace });
  // GraphiQL 3.8 opens the first default tab with its query but takes the variables from
  // storage, and would then save the empty editor into that tab: seed them on a first visit.
  if (storage.getItem('graphiql:tabState') === null) storage.setItem('graphiql:variables', config.tabs[0] ? config.tabs[0].variables : '');
  const graphiql = h(GraphiQL, {
    // Same origin, JSON POST (an event stream for subscriptions): Apollo's CSRF prevention accepts it, no CORS involved.
    fetcher,
    defaultTabs: config.tabs.map((tab) => ({ query: tab.query, variables: tab.variables })),
    storage,
    defaultEditorToolsVisibility: 'variables',
    toolbar: { additionalComponent: HeaderSync },
  });
  ReactDOM.createRoot(document.getElementById('sandbox')).render(h(React.Fragment, null, h(Bar), h('div', { id: 'graphiql' }, graphiql)));

  const remembered = config.signIn && localStorage.getItem(IDENTITY_KEY);
  if (remembered && config.signIn.identities.some((identity) => identity.id === remembered)) signInAs(remembered);
})();
`;
