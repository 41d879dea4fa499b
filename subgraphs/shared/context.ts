import type { SqlEntityManager } from '@mikro-orm/knex';
import DataLoader from 'dataloader';
import type { Viewer } from '../../lib/identity.js';
import type { Locale } from '../../lib/locale.js';
import type { DomainEvent } from '../../lib/events.js';

/**
 * The DataLoaders of one request, created on first use. Keys name the relation and the
 * arguments it was asked with, so each distinct (relation, arguments) pair batches into
 * one SQL statement however many parents ask for it.
 */
export class Loaders {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();

  get<K, V>(key: string, batch: (keys: readonly K[]) => Promise<readonly (V | Error)[]>): DataLoader<K, V> {
    let loader = this.loaders.get(key) as DataLoader<K, V> | undefined;
    if (!loader) {
      loader = new DataLoader<K, V>(batch, { maxBatchSize: 1000 });
      this.loaders.set(key, loader as DataLoader<unknown, unknown>);
    }
    return loader;
  }

  /** Forgets everything loaded: after a write, later fields of the same request read fresh rows. */
  reset(): void {
    this.loaders.clear();
  }
}

/** Everything one request needs, built fresh for each request and never shared. */
export interface RequestContext {
  /** A fork of the ORM's EntityManager: this request's own identity map and unit of work. */
  em: SqlEntityManager;
  loaders: Loaders;
  locale: Locale;
  /** The caller the gateway vouched for; null when anonymous. */
  viewer: Viewer | null;
  /** One clock reading per request, so every field agrees on what is open or closed. */
  now: Date;
  /**
   * The domain event a subscription's fetch is for (the gateway puts it in the signed
   * body's `extensions.event`); null for every other request.
   */
  event: DomainEvent | null;
}

/**
 * After a write: forgets the rows this request loaded (identity map and DataLoaders), so
 * the fields answered next read what the write left.
 */
export function forgetLoaded(ctx: RequestContext): void {
  ctx.em.clear();
  ctx.loaders.reset();
}
