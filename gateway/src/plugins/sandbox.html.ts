/** One preloaded GraphiQL tab: an operations file and example variables (JSON text). */
export interface SandboxTab {
  query: string;
  variables: string;
}

/** What the page's script reads: the tabs, and where GraphiQL keeps its state. */
export interface SandboxPageConfig {
  tabs: SandboxTab[];
  /** localStorage namespace; it changes with the operations, so edited files reach the tabs. */
  storageNamespace: string;
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
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql">Loading the sandbox…</div>
<script type="application/json" id="sandbox-config">${scriptSafeJson(config)}</script>
<script src="${assetPrefix}react.production.min.js"></script>
<script src="${assetPrefix}react-dom.production.min.js"></script>
<script src="${assetPrefix}graphiql.min.js"></script>
<script>
  const config = JSON.parse(document.getElementById('sandbox-config').textContent);
  const storage = GraphiQL.createLocalStorage({ namespace: config.storageNamespace });
  // GraphiQL 3.8 opens the first default tab with its query but takes the variables from
  // storage, and would then save the empty editor into that tab: seed them on a first visit.
  if (storage.getItem('graphiql:tabState') === null) storage.setItem('graphiql:variables', config.tabs[0]?.variables ?? '');
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, {
      // Same origin, JSON POST: Apollo's CSRF prevention accepts it, no CORS involved.
      fetcher: GraphiQL.createFetcher({ url: location.pathname }),
      defaultTabs: config.tabs,
      storage,
      defaultEditorToolsVisibility: 'variables',
    }),
  );
</script>
</body>
</html>
`;
}
