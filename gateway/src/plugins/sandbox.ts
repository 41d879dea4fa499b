import type { ApolloServerPlugin } from '@apollo/server';
import type { FastifyInstance } from 'fastify';
import { Kind, parse, visit, type DefinitionNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SUBGRAPH_NAMES } from '../../../lib/subgraphs.js';
import type { GatewayConfig } from '../config.js';
import { loadManifest } from '../persisted/manifest.js';
import { readSandboxExamples, type SandboxExamples } from './sandbox-examples.js';
import { renderSandboxPage, type SandboxTab } from './sandbox.html.js';
import { registerSandboxTokenRoute, sandboxSignInEnabled, SANDBOX_TOKEN_PATH } from './sandbox-sign-in.js';

/** Where the sandbox page loads its scripts and styles from: the gateway itself. */
export const SANDBOX_ASSET_PREFIX = '/sandbox/';

/** The only files served under the prefix: name → [package, path in it, Content-Type]. */
const ASSETS: Record<string, [string, string, string]> = {
  'graphiql.min.css': ['graphiql', 'graphiql.min.css', 'text/css; charset=utf-8'],
  'graphiql.min.js': ['graphiql', 'graphiql.min.js', 'text/javascript; charset=utf-8'],
  'react.production.min.js': ['react', 'umd/react.production.min.js', 'text/javascript; charset=utf-8'],
  'react-dom.production.min.js': ['react-dom', 'umd/react-dom.production.min.js', 'text/javascript; charset=utf-8'],
};

/** Operation files in the order a newcomer reads the graph, for operations the examples file does not order. */
const FILE_ORDER = ['city', ...SUBGRAPH_NAMES, 'me', 'staff'];

/**
 * The sandbox's landing page: GraphiQL 3 served from the gateway's own assets, with one tab
 * per client operation and the example variables `npm run compose` wrote from the demo
 * data; in development, a sign-in panel with the demo identities. Apollo serves it on
 * GET /graphql to browsers; GraphQL GET and POST requests are unaffected.
 */
export function sandboxLandingPage(config: Pick<GatewayConfig, 'production' | 'auth' | 'persisted'>): ApolloServerPlugin {
  return {
    async serverWillStart() {
      // Built once: the operations and examples do not change while the process runs.
      const root = findProjectRoot();
      const examples = readSandboxExamples(join(root, 'schema', 'sandbox-examples.json'));
      const signIn = sandboxSignInEnabled(config) ? { tokenPath: SANDBOX_TOKEN_PATH, identities: examples.identities } : null;
      // Where only the published operations run (the safelist), a tab holds the manifest's exact text, without comments, so it runs as loaded.
      const published = config.persisted.safelist
        ? new Map([...loadManifest(config.persisted.manifestPath).values()].map((operation) => [operation.name, operation.body]))
        : undefined;
      // Without the panel, naming whom a tab runs as would only point at identities no one can choose.
      const tabs = loadTabs(join(root, 'schema', 'operations'), examples, published).map((tab) => (signIn ? tab : { ...tab, signIn: null }));
      const storageNamespace = `sandbox-${createHash('sha256').update(JSON.stringify(tabs)).digest('hex').slice(0, 12)}`;
      const html = renderSandboxPage({ tabs, storageNamespace, signIn }, SANDBOX_ASSET_PREFIX);
      return {
        async renderLandingPage() {
          return { html };
        },
      };
    },
  };
}

/**
 * The sandbox's routes: the four static files the page needs, from node_modules, each read
 * once (fixed routes only: no path parameter, so nothing else on disk can be asked for);
 * and, only where the development key signs people in, the token route of the sign-in panel.
 */
export async function registerSandboxRoutes(app: FastifyInstance, config: GatewayConfig): Promise<void> {
  const require = createRequire(import.meta.url);
  for (const [name, [pkg, path, contentType]] of Object.entries(ASSETS)) {
    const file = join(dirname(require.resolve(`${pkg}/package.json`)), path);
    // The source maps are not served; without the comment, devtools do not ask for a 404.
    const body = Buffer.from(readFileSync(file, 'utf8').replace(/\/[/*]# sourceMappingURL=[^\s*]+\s*(?:\*\/)?\s*$/, ''));
    app.get(`${SANDBOX_ASSET_PREFIX}${name}`, async (_request, reply) =>
      reply
        .header('content-type', contentType)
        .header('cache-control', 'public, max-age=86400')
        .header('x-content-type-options', 'nosniff')
        .send(body),
    );
  }
  await registerSandboxTokenRoute(app, config);
}

/**
 * One tab per client operation, titled by its name (GraphiQL takes the title from the
 * first operation in the text), holding the operation with the comment above it and the
 * fragments it uses, so it runs alone (or, given `published`, the manifest's text of it).
 * Tabs follow the examples file; operations it does not know follow by file and position,
 * with empty variables.
 */
export function loadTabs(directory: string, examples: SandboxExamples, published?: Map<string, string>): SandboxTab[] {
  const rank = (file: string) => (FILE_ORDER.includes(basename(file, '.graphql')) ? FILE_ORDER.indexOf(basename(file, '.graphql')) : FILE_ORDER.length);
  const files = readdirSync(directory)
    .filter((file) => file.endsWith('.graphql'))
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const fragments = new Map<string, { node: FragmentDefinitionNode; text: string }>();
  const operations: { node: OperationDefinitionNode; text: string }[] = [];
  for (const file of files) {
    const source = readFileSync(join(directory, file), 'utf8');
    let previousEnd = 0;
    for (const definition of parse(source).definitions) {
      // The text from the previous definition on: the operation with the comments above it.
      const text = source.slice(previousEnd, definitionEnd(definition)).trim();
      previousEnd = definitionEnd(definition);
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, { node: definition, text });
      if (definition.kind === Kind.OPERATION_DEFINITION && definition.name) operations.push({ node: definition, text });
    }
  }
  const byName = new Map(examples.operations.map((example, index) => [example.operation, { example, index }]));
  const order = (name: string) => byName.get(name)?.index ?? byName.size;
  return operations
    .map((operation, position) => ({ operation, position, name: operation.node.name!.value }))
    .sort((a, b) => order(a.name) - order(b.name) || a.position - b.position)
    .map(({ operation, name }) => {
      const used = usedFragments(operation.node, fragments).map((fragment) => fragment.text);
      const example = byName.get(name)?.example;
      return {
        operation: name,
        query: published?.get(name) ?? [operation.text, ...used].join('\n\n') + '\n',
        variables: JSON.stringify(example?.variables ?? {}, null, 2),
        signIn: example?.signIn ?? null,
      };
    });
}

function definitionEnd(definition: DefinitionNode): number {
  return definition.loc?.end ?? 0;
}

/** The fragments an operation spreads, directly or through other fragments, by name. */
function usedFragments<T extends { node: FragmentDefinitionNode }>(operation: OperationDefinitionNode, fragments: Map<string, T>): T[] {
  const found = new Map<string, T>();
  const spreadIn = (node: OperationDefinitionNode | FragmentDefinitionNode) =>
    visit(node, {
      FragmentSpread(spread) {
        const name = spread.name.value;
        const fragment = fragments.get(name);
        if (!fragment || found.has(name)) return;
        found.set(name, fragment);
        spreadIn(fragment.node);
      },
    });
  spreadIn(operation);
  return [...found.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, fragment]) => fragment);
}

/** The directory holding package.json and schema/, whether this runs from sources or dist/. */
function findProjectRoot(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'schema'))) return dir;
    if (dirname(dir) === dir) throw new Error(`sandbox: no project root (package.json and schema/) above ${fileURLToPath(import.meta.url)}`);
  }
}
