import { v5 as uuidv5 } from 'uuid';

/** Namespace of ids derived from natural keys: the same document gives the same ids on every import, in every database. */
const NAMESPACE = 'b7f3c1a4-5d2e-4f8a-9c61-3e0d7a2b9f45';

/** The id of a row known by its natural key (`programme:kyiv|…`, `measure:<programme>:1.8.2`). */
export function naturalId(kind: string, ...key: readonly (string | number)[]): string {
  return uuidv5(`${kind}:${key.join('|')}`, NAMESPACE);
}
