import type { ApolloServerPlugin } from '@apollo/server';
import type { FastifyInstance } from 'fastify';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoConsultations } from '../../../subgraphs/consultations/demo/consultations.data.js';
import { demoHeritageObjects } from '../../../subgraphs/heritage/demo/heritage.data.js';
import { demoPetitions } from '../../../subgraphs/petitions/demo/petitions.data.js';
import { demoOrganizations } from '../../../subgraphs/registry/demo/organizations.data.js';
import { demoId } from '../../../subgraphs/shared/demo-ids.js';
import { renderSandboxPage, type SandboxTab } from './sandbox.html.js';

/** Where the sandbox page loads its scripts and styles from: the gateway itself. */
export const SANDBOX_ASSET_PREFIX = '/sandbox/';

/** The only files served under the prefix: name → [package, path in it, Content-Type]. */
const ASSETS: Record<string, [string, string, string]> = {
  'graphiql.min.css': ['graphiql', 'graphiql.min.css', 'text/css; charset=utf-8'],
  'graphiql.min.js': ['graphiql', 'graphiql.min.js', 'text/javascript; charset=utf-8'],
  'react.production.min.js': ['react', 'umd/react.production.min.js', 'text/javascript; charset=utf-8'],
  'react-dom.production.min.js': ['react-dom', 'umd/react-dom.production.min.js', 'text/javascript; charset=utf-8'],
};

/** Tabs in the order a newcomer reads the graph; files not listed here follow, by name. */
const TAB_ORDER = ['city', 'petitions', 'consultations', 'registry', 'heritage', 'me', 'staff'];

/**
 * The sandbox's landing page: GraphiQL 3 served from the gateway's own assets, with one tab
 * per client operations file and example variables that hit demo data. Apollo serves it on
 * GET /graphql to browsers; GraphQL GET and POST requests are unaffected.
 */
export function sandboxLandingPage(): ApolloServerPlugin {
  return {
    async serverWillStart() {
      // Built once: the operations and demo ids do not change while the process runs.
      const tabs = loadTabs(join(findProjectRoot(), 'schema', 'operations'));
      const storageNamespace = `sandbox-${createHash('sha256').update(JSON.stringify(tabs)).digest('hex').slice(0, 12)}`;
      const html = renderSandboxPage({ tabs, storageNamespace }, SANDBOX_ASSET_PREFIX);
      return {
        async renderLandingPage() {
          return { html };
        },
      };
    },
  };
}

/**
 * The four static files the sandbox page needs, from node_modules, each read once. Fixed
 * routes only: no path parameter, so nothing else on disk can be asked for.
 */
export async function registerSandboxAssets(app: FastifyInstance): Promise<void> {
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
}

/** One tab per operations file (the shared input types are not an operation), in TAB_ORDER. */
function loadTabs(directory: string): SandboxTab[] {
  const examples = exampleVariables();
  const rank = (name: string) => (TAB_ORDER.includes(name) ? TAB_ORDER.indexOf(name) : TAB_ORDER.length);
  return readdirSync(directory)
    .filter((file) => file.endsWith('.graphql') && file !== 'inputs.graphql')
    .map((file) => basename(file, '.graphql'))
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
    .map((name) => ({
      query: readFileSync(join(directory, `${name}.graphql`), 'utf8'),
      variables: JSON.stringify(examples[name] ?? {}, null, 2),
    }));
}

/**
 * Example variables per file. A tab has one variables editor for all its operations, so it
 * holds the union; GraphQL ignores the ones an operation does not declare. Ids are those of
 * demo records, so the by-id pages answer with data.
 */
function exampleVariables(): Record<string, Record<string, unknown>> {
  const id = (kind: string, slug: string | undefined) => (slug ? { id: demoId(kind, slug) } : {});
  const registered = demoOrganizations.find((organization) => organization.status === 'REGISTERED');
  const pending = demoOrganizations.find((organization) => organization.status === 'PENDING');
  return {
    city: { city: 'kyiv', year: 2026, district: 'kyiv-podilskyi' },
    petitions: { city: 'kyiv', ...id('petition', demoPetitions[0]?.slug) },
    consultations: { city: 'kyiv', ...id('consultation', demoConsultations[0]?.slug) },
    registry: { city: 'kyiv', ...id('organization', registered?.slug) },
    heritage: { lat: 50.4501, lng: 30.5234, radiusMeters: 2000, ...id('heritage', demoHeritageObjects[0]?.slug) },
    me: {},
    // The first staff operation verifies an organisation, which only a pending one awaits.
    staff: { ...id('organization', (pending ?? registered)?.slug), decision: 'APPROVE' },
  };
}

/** The directory holding package.json and schema/, whether this runs from sources or dist/. */
function findProjectRoot(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'schema'))) return dir;
    if (dirname(dir) === dir) throw new Error(`sandbox: no project root (package.json and schema/) above ${fileURLToPath(import.meta.url)}`);
  }
}
