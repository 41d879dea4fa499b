/**
 * Where a subgraph's CPU time goes, from a V8 CPU profile (the `.cpuprofile` format of
 * `node --cpu-prof` and the inspector's Profiler domain): each sample's time goes to the
 * frame on top of the stack, and each frame to a category by the script it runs from.
 * Self time, not total time: a resolver that calls the ORM is not charged for the ORM's work.
 */

/** The categories, in the order the table prints them. */
export const CATEGORIES = [
  'parse/validate',
  'graphql execute',
  'type-graphql',
  'class-validator',
  'cache control',
  'apollo server',
  'http (fastify, node)',
  'orm entities',
  'orm unit of work',
  'orm other',
  'sql building',
  'sql driver',
  'our resolvers',
  'logging, tracing',
  'node runtime',
  'gc',
  'v8 (program)',
  'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** What a profile node says about its function. */
export interface CallFrame {
  functionName: string;
  url: string;
  lineNumber?: number;
  columnNumber?: number;
}

export interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

/** A V8 CPU profile: `samples[i]` is the node on top of the stack at sample i, `timeDeltas[i]` µs since the previous sample (unused here, see `ProfileBreakdown`). */
export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/**
 * First match wins, so the narrow paths come before the package that holds them (the
 * cache-control plugin inside @apollo/server, knex's drivers inside knex). `/dist/bench/profile/`
 * is the probe's wrapper around the driver's statements (probe.ts): the native call under it
 * inherits `sql driver`.
 */
const URL_RULES: [RegExp, Category][] = [
  [/\/dist\/bench\/profile\//, 'sql driver'],
  [/\/node_modules\/(better-sqlite3|pg|pg-protocol|pg-pool|pg-types)\/|\/node_modules\/knex\/lib\/dialects\//, 'sql driver'],
  [/\/node_modules\/knex\/|\/node_modules\/@mikro-orm\/knex\/query\//, 'sql building'],
  [/\/node_modules\/@mikro-orm\/core\/(hydration|entity|serialization)\//, 'orm entities'],
  [/\/node_modules\/@mikro-orm\/core\/unit-of-work\//, 'orm unit of work'],
  [/\/node_modules\/@mikro-orm\//, 'orm other'],
  [/\/node_modules\/graphql\/(language|validation)\//, 'parse/validate'],
  [/\/node_modules\/graphql\//, 'graphql execute'],
  [/\/node_modules\/type-graphql\//, 'type-graphql'],
  [/\/node_modules\/(class-validator|validator|libphonenumber-js)\//, 'class-validator'],
  [/\/node_modules\/@apollo\/server\/.*\/plugin\/cacheControl\/|\/node_modules\/@apollo\/cache-control-types\/|\/dist\/subgraphs\/shared\/cache-hints\.js/, 'cache control'],
  [/\/node_modules\/(@apollo|@as-integrations)\//, 'apollo server'],
  [/\/node_modules\/(fastify|@fastify|find-my-way|avvio|light-my-request|fast-json-stringify|secure-json-parse|fast-querystring|content-type|toad-cache)\//, 'http (fastify, node)'],
  [/^node:(_http_|http|net|stream|_stream|internal\/(http|streams|stream_base|net|url|dns))/, 'http (fastify, node)'],
  [/\/node_modules\/(pino|pino-std-serializers|sonic-boom|thread-stream|@opentelemetry)\//, 'logging, tracing'],
  [/\/dist\/(subgraphs|lib)\/|\/node_modules\/dataloader\//, 'our resolvers'],
  [/^node:/, 'node runtime'],
];

/** V8's pseudo-frames; `(idle)` is no CPU at all and `(root)` never holds samples of its own. */
const PSEUDO_FRAMES: Record<string, Category | 'idle'> = {
  '(garbage collector)': 'gc',
  '(program)': 'v8 (program)',
  '(idle)': 'idle',
  '(root)': 'other',
};

/**
 * The category of a frame by itself, or undefined for a frame with no script (a builtin or
 * a native addon's function, e.g. better-sqlite3's `all`): those take their caller's.
 */
export function categoryOfFrame(frame: CallFrame): Category | 'idle' | undefined {
  const pseudo = PSEUDO_FRAMES[frame.functionName];
  if (pseudo && !frame.url) return pseudo;
  if (!frame.url) return undefined;
  for (const [pattern, category] of URL_RULES) if (pattern.test(frame.url)) return category;
  return 'other';
}

/**
 * A profile's samples by category, idle kept apart (the process waiting). Counted, not
 * weighted by the time between samples: on a busy machine the sampler fires late after the
 * thread was descheduled, and that wall time would be charged to whatever ran next. Each
 * sample lands while the thread runs, so shares of samples are shares of its CPU time
 * (summary.ts turns them into ms with the thread's measured CPU).
 */
export interface ProfileBreakdown {
  samples: Record<Category, number>;
  busySamples: number;
  idleSamples: number;
  /** The functions with the most samples on top of the stack, for a look beyond the categories. */
  topFrames: { frame: string; category: Category; samples: number }[];
}

/** Counts each node's samples by category, a scriptless frame taking its nearest caller's category. */
export function breakdownOf(profile: CpuProfile, topCount = 15): ProfileBreakdown {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const categoryById = new Map<number, Category | 'idle'>();
  const categoryOf = (id: number): Category | 'idle' => {
    const known = categoryById.get(id);
    if (known) return known;
    const node = byId.get(id)!;
    const parent = parentOf.get(id);
    const category = categoryOfFrame(node.callFrame) ?? (parent === undefined ? 'other' : categoryOf(parent));
    categoryById.set(id, category);
    return category;
  };

  const hits = new Map<number, number>();
  for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);

  const samples = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
  let idleSamples = 0;
  const frames = new Map<string, { category: Category; samples: number }>();
  for (const [id, count] of hits) {
    const category = categoryOf(id);
    if (category === 'idle') {
      idleSamples += count;
      continue;
    }
    samples[category] += count;
    const frame = describeFrame(byId.get(id)!.callFrame);
    const entry = frames.get(frame) ?? { category, samples: 0 };
    entry.samples += count;
    frames.set(frame, entry);
  }
  const busySamples = Object.values(samples).reduce((a, b) => a + b, 0);
  const topFrames = [...frames].map(([frame, entry]) => ({ frame, ...entry })).sort((a, b) => b.samples - a.samples).slice(0, topCount);
  return { samples, busySamples, idleSamples, topFrames };
}

/** `name (package/file:line)`, short enough for a table. */
export function describeFrame(frame: CallFrame): string {
  if (!frame.url) return frame.functionName || '(anonymous)';
  const path = frame.url.replace(/^file:\/\//, '');
  const modules = path.lastIndexOf('/node_modules/');
  const short = modules >= 0 ? path.slice(modules + '/node_modules/'.length) : path.replace(/^.*\/dist\//, 'dist/');
  return `${frame.functionName || '(anonymous)'} (${short}:${(frame.lineNumber ?? 0) + 1})`;
}
