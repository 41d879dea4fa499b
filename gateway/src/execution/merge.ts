/**
 * Writes a subgraph's answer into the result tree in place. Where both sides hold an
 * object (two subgraphs answering parts of one object), it descends; lists of the same
 * length are written element by element; anything else replaces. The semantics of
 * @apollo/gateway's `deepMerge`, without its per-key `defineOwn` call: keys a JSON answer
 * could name after `Object.prototype` members (`__proto__`, `constructor`) are defined as
 * own properties instead of assigned, so no answer can reach a prototype.
 */
export function writeInto(target: Record<string, unknown>, source: Record<string, unknown> | null | undefined): void {
  if (source === null || source === undefined) return;
  for (const key in source) {
    const value = source[key];
    if (value === undefined) continue;
    const existing = Object.prototype.hasOwnProperty.call(target, key) ? target[key] : undefined;
    if (existing && isObject(value) && typeof existing === 'object') {
      writeInto(existing as Record<string, unknown>, value);
    } else if (Array.isArray(value) && Array.isArray(existing) && value.length === existing.length) {
      for (let i = 0; i < value.length; i++) {
        const from = value[i];
        const to = existing[i];
        if (isObject(to) && isObject(from)) writeInto(to, from);
        else existing[i] = from;
      }
    } else if (key in target && existing === undefined && !Object.prototype.hasOwnProperty.call(target, key)) {
      Object.defineProperty(target, key, { configurable: true, enumerable: true, writable: true, value });
    } else {
      target[key] = value;
    }
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
