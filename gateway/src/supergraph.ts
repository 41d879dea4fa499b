import type { ApolloGateway, SupergraphSdlHook } from '@apollo/gateway';
import { operationFromDocument } from '@apollo/federation-internals';
import { createHash } from 'node:crypto';
import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { parse } from 'graphql';
import type { Logger } from 'pino';
import { operationId, type PersistedOperation } from './persisted/manifest.js';

/**
 * The supergraph from its file, for @apollo/gateway's `supergraphSdl` hook: loaded at
 * start and, when `watchFile` is on, loaded again whenever the file changes (a deploy
 * that writes a newly composed schema). The gateway swaps schemas between requests, so
 * none fails; a file that does not compose is logged and the running schema kept.
 */
export function supergraphFromFile(path: string, watchFile: boolean, log: Logger): SupergraphSdlHook {
  return async ({ update }) => {
    let current = await readFile(path, 'utf8');
    let watcher: FSWatcher | undefined;
    if (watchFile) {
      let timer: NodeJS.Timeout | undefined;
      const reload = async () => {
        const next = await readFile(path, 'utf8').catch(() => undefined);
        // Editors and deploy tools write in steps (truncate, write, rename): wait for a whole, different file.
        if (!next || next === current) return;
        try {
          update(next);
          current = next;
          log.info({ path }, 'supergraph reloaded');
        } catch (error) {
          log.error({ err: error, path }, 'the changed supergraph was refused; still serving the previous one');
        }
      };
      // The directory, not the file: a rename-into-place replaces the file a watcher would follow.
      watcher = watch(dirname(path), (_event, file) => {
        if (file && file.toString() !== basename(path)) return;
        clearTimeout(timer);
        timer = setTimeout(() => void reload(), 100);
      });
    }
    return {
      supergraphSdl: current,
      async cleanup() {
        watcher?.close();
      },
    };
  };
}

/** @apollo/gateway's planner and plan cache; not public API, so reached for in one place only. */
interface GatewayPlanner {
  apiSchema?: Parameters<typeof operationFromDocument>[0];
  queryPlanner?: { buildQueryPlan(operation: unknown, options: object): unknown };
  queryPlanStore?: { set(key: string, plan: unknown): Promise<void> };
}

/**
 * Plans every client operation ahead, into the gateway's query-plan cache, under the keys
 * its executor looks up (sha256 of the document, with and without the operation name),
 * so the first real request of each skips planning. Returns how many were planned.
 */
export async function warmQueryPlans(gateway: ApolloGateway, operations: PersistedOperation[], log: Logger): Promise<number> {
  const planner = gateway as unknown as GatewayPlanner;
  if (!planner.apiSchema || !planner.queryPlanner || !planner.queryPlanStore) {
    log.warn('the query-plan cache cannot be warmed with this @apollo/gateway version');
    return 0;
  }
  let planned = 0;
  for (const { body, name } of operations) {
    try {
      const operation = operationFromDocument(planner.apiSchema, parse(body), { operationName: name });
      const plan = planner.queryPlanner.buildQueryPlan(operation, {});
      // Apollo's query hash is the same sha256 of the document as the manifest's id.
      const queryHash = operationId(body);
      await planner.queryPlanStore.set(createHash('sha256').update(queryHash).update(name).digest('hex'), plan);
      await planner.queryPlanStore.set(queryHash, plan);
      planned++;
    } catch (error) {
      // An operation the new schema no longer accepts: the request will say why.
      log.warn({ err: error, operation: name }, 'could not plan a client operation ahead');
    }
  }
  return planned;
}
