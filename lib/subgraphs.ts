/**
 * The one list of subgraphs, each with its default port. Everything that runs, composes,
 * tests, seeds or deploys them derives from it: configuration (`<NAME>_PORT`, `<NAME>_URL`,
 * `<NAME>_DATABASE_URL`), `npm start`, composition, the gateway's routing and health, tests'
 * peers, sandbox tabs, the volume generator, bench. A subgraph is its folder
 * `subgraphs/<name>/` (with `<name>.subgraph.ts` exporting `<name>Subgraph`, and `main.ts`)
 * plus one entry here, and its docker-compose service; tests/subgraph-list.units.test.ts
 * fails when a place spells the set out instead.
 */
const SUBGRAPHS = {
  // The gateway listens on 4000 by default; the subgraphs on the next ports, in this order.
  petitions: { port: 4001, service: { uk: 'петицій', en: 'petitions' } },
  consultations: { port: 4002, service: { uk: 'консультацій', en: 'consultations' } },
  registry: { port: 4003, service: { uk: 'реєстру організацій', en: 'organisations registry' } },
  heritage: { port: 4004, service: { uk: 'культурної спадщини', en: 'heritage' } },
  programmes: { port: 4005, service: { uk: 'міських програм', en: 'city programmes' } },
  events: { port: 4006, service: { uk: 'подій', en: 'events' } },
} as const satisfies Record<string, SubgraphEntry>;

interface SubgraphEntry {
  /** Its default port. */
  port: number;
  /** How messages name its service: Ukrainian after «Сервіс» (genitive), English before "service". */
  service: { uk: string; en: string };
}

export type SubgraphName = keyof typeof SUBGRAPHS;

/** Every subgraph, in the order above (start order, composition order, listings). */
export const SUBGRAPH_NAMES = Object.keys(SUBGRAPHS) as readonly SubgraphName[] as readonly [SubgraphName, ...SubgraphName[]];

/** Where each subgraph listens unless `<NAME>_PORT` says otherwise. */
export const DEFAULT_SUBGRAPH_PORTS: Readonly<Record<SubgraphName, number>> = Object.fromEntries(
  SUBGRAPH_NAMES.map((name) => [name, SUBGRAPHS[name].port]),
) as Record<SubgraphName, number>;

/** How messages name each subgraph's service, per language (see lib/messages). */
export const SUBGRAPH_SERVICE_NAMES: Readonly<Record<SubgraphName, { uk: string; en: string }>> = Object.fromEntries(
  SUBGRAPH_NAMES.map((name) => [name, SUBGRAPHS[name].service]),
) as Record<SubgraphName, { uk: string; en: string }>;

/** Whether a string names a subgraph. */
export function isSubgraphName(value: string): value is SubgraphName {
  return Object.hasOwn(SUBGRAPHS, value);
}
