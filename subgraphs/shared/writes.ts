import type { EntityClass, FilterQuery } from '@mikro-orm/core';
import { createHash } from 'node:crypto';
import type { RequestContext } from './context.js';
import { NotFoundError } from '../../lib/errors.js';
import { message, type Thing } from '../../lib/messages/index.js';
import { isUuid } from './refs.js';

/**
 * The row a write acts on, as it is in the database now (not as this request may have
 * cached it), or NOT_FOUND naming the argument. Ids that are no UUID cannot match a row.
 */
export async function findCurrent<E extends { id: string }>(
  ctx: RequestContext,
  entity: EntityClass<E>,
  id: string,
  field: string,
  thing: Thing,
): Promise<E> {
  const row = isUuid(id) ? await ctx.em.findOne(entity, { id } as FilterQuery<E>, { refresh: true }) : null;
  if (!row) throw new NotFoundError(field, message('reference.notFound', { thing, id }));
  return row;
}

/**
 * The key of a submission (author and what they wrote): stored unique, so a retried
 * submission, even one racing the first, finds the row the first attempt created.
 */
export function submissionKey(...parts: readonly string[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}
