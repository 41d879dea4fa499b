import autocannon from 'autocannon';

/** What load drives: a GraphQL request body per request (fixed, or drawn for each one). */
export interface LoadSpec {
  url: string;
  connections: number;
  seconds: number;
  headers?: Record<string, string>;
  nextBody: () => string;
  /** Requests per second across all connections (a client at a steady pace); as fast as answers come without it. */
  overallRate?: number;
  /**
   * Look into every answer for GraphQL errors. That makes autocannon keep each body, which
   * costs the load generator CPU it then lacks for sending: on for workloads whose bodies
   * vary, off where one body repeats (its answer is checked before and after the run).
   */
  inspectBodies: boolean;
}

export interface LoadResult {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Transport errors, timeouts, non-2xx answers and (when inspected) 2xx answers carrying GraphQL errors. */
  failures: number;
  /** CPU the load generator (this process) used, in percent of one core: near 100 % means it, not the gateway, set the pace. */
  loadGeneratorCpuPercent: number;
}

/**
 * Drives load at fixed concurrency with autocannon for `seconds`. Latencies are kept at
 * full precision (autocannon's own histogram has 1 ms steps, too coarse for fast answers).
 */
export async function driveLoad(spec: LoadSpec): Promise<LoadResult> {
  const seconds = spec.seconds;
  let latencies = new Float64Array(1 << 16);
  let count = 0;
  let graphqlErrors = 0;
  const instance = autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: seconds,
    pipelining: 1,
    timeout: 30,
    ...(spec.overallRate ? { overallRate: spec.overallRate } : {}),
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...spec.headers },
        setupRequest: (request) => ({ ...request, body: spec.nextBody() }),
        // A quick look, not a parse: an answer with errors is a failure, whatever its status.
        ...(spec.inspectBodies
          ? {
              onResponse: (_status: number, body: string) => {
                if (body.includes('"errors"')) graphqlErrors++;
              },
            }
          : {}),
      },
    ],
  });
  instance.on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
    if (status < 200 || status >= 300) return;
    if (count === latencies.length) {
      const grown = new Float64Array(latencies.length * 2);
      grown.set(latencies);
      latencies = grown;
    }
    latencies[count++] = responseTime;
  });
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const result = await instance;
  const cpu = process.cpuUsage(cpuBefore);
  const loadGeneratorCpuPercent = ((cpu.user + cpu.system) / 1000 / (performance.now() - started)) * 100;
  const sorted = latencies.subarray(0, count).sort();
  const percentile = (p: number) => (count ? sorted[Math.min(count - 1, Math.ceil((p / 100) * count) - 1)]! : NaN);
  return {
    rps: result.requests.total / result.duration,
    p50Ms: percentile(50),
    p99Ms: percentile(99),
    requests: result.requests.total,
    failures: result.errors + result.timeouts + result.non2xx + graphqlErrors,
    loadGeneratorCpuPercent,
  };
}
