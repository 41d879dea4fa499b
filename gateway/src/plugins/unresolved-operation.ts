import type { ApolloServerPlugin } from '@apollo/server';
import { ClientError } from '../../../lib/errors.js';
import { message } from '../../../lib/messages/index.js';

/**
 * A document without the operation the request names (or with several and no name) is the
 * caller's mistake: 400 `OPERATION_RESOLUTION_FAILURE`, as Apollo Server answers it without
 * a gateway. @apollo/gateway would otherwise throw while building its operation context,
 * which Apollo answers as an internal error with HTTP 500.
 */
export function unresolvedOperationPlugin<T extends object>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, request }) {
          if (operation) return;
          const why = request.operationName ? message('operation.unknownName', { name: request.operationName }) : message('operation.nameRequired');
          throw new ClientError(why, 'OPERATION_RESOLUTION_FAILURE', { http: { status: 400 } });
        },
      };
    },
  };
}
