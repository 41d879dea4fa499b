import type { ApolloServerPlugin } from '@apollo/server';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyInstance } from 'fastify';
import type { EventEntityType, EventType } from '../../../lib/events.js';
import { EVENT_TYPES } from '../../../lib/events.js';
import type { OutboxEvent } from './outbox-event.entity.js';

/** What a subgraph's answer says about the events its request recorded: no ids of people, no seq. */
export interface RecordedEventSummary {
  type: EventType;
  city: string;
  entity: { type: EventEntityType; id: string };
}

/**
 * The outbox rows one request wrote: inserted but not yet committed (`pending`), and
 * committed. A transaction that rolls back takes its pending rows with it, so an answer
 * names only events that happened.
 *
 * Kept in async-local storage rather than on the request's EntityManager: writes run in
 * `em.transactional`, whose EntityManager is a fork the request context never sees.
 */
interface RequestEvents {
  pending: OutboxEvent[];
  committed: RecordedEventSummary[];
}

const scope = new AsyncLocalStorage<RequestEvents>();

/** Every request of `app` collects the events it records (call before the GraphQL route is registered). */
export function collectRequestEvents(app: FastifyInstance): void {
  app.addHook('onRequest', (_request, _reply, done) => scope.run({ pending: [], committed: [] }, done));
}

/** An outbox row was inserted (not yet committed) while serving the current request, if any. */
export function noteInserted(row: OutboxEvent): void {
  scope.getStore()?.pending.push(row);
}

/** The current request's transaction committed (true) or rolled back (false). */
export function noteTransactionEnd(committed: boolean): void {
  const events = scope.getStore();
  if (!events?.pending.length) return;
  if (committed) {
    for (const row of events.pending) {
      const type = row.type as EventType;
      events.committed.push({ type, city: row.city, entity: { type: EVENT_TYPES[type].entity, id: row.entityId } });
    }
  }
  events.pending = [];
}

/**
 * `extensions.events` on a subgraph's answer to a request that recorded events: the
 * gateway drops cached answers about those entities before it answers the mutation, so
 * that a read after the write shows the write.
 */
export function recordedEventsPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          const events = scope.getStore()?.committed;
          if (!events?.length || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, events };
        },
      };
    },
  };
}
