import type { ApolloServerPlugin } from '@apollo/server';
import { ClientError } from '../../../lib/errors.js';
import { message } from '../../../lib/messages/index.js';

/**
 * A subscription sent as a plain JSON request is refused with 400 `BAD_REQUEST`, saying
 * where subscriptions are served (SSE and WebSocket at the same path, see sse.ts, ws.ts);
 * @apollo/gateway would otherwise fail it as an internal error ("Execution of
 * subscriptions not supported by gateway", HTTP 500).
 */
export function subscriptionsNeedStreamPlugin<T extends object>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation !== 'subscription') return;
          throw new ClientError(message('live.needsStream'), 'BAD_REQUEST', { reason: 'SUBSCRIPTION_NEEDS_STREAM', http: { status: 400 } });
        },
      };
    },
  };
}
