import type { FormattedExecutionResult } from 'graphql';

/**
 * How answers are written: compact JSON (Apollo Server's default indents it, which costs
 * CPU and bytes on every response), and written once per answer: the copies in-flight
 * deduplication hands out share one `data` object, so they share its serialization too.
 */
export function createResultSerializer(): (value: FormattedExecutionResult) => string {
  const written = new WeakMap<object, string>();
  return (value) => {
    // Answers with errors or extensions are per request; only plain data is shared.
    if (value.errors || value.extensions || !value.data) return JSON.stringify(value);
    let text = written.get(value.data);
    if (text === undefined) {
      text = JSON.stringify(value);
      written.set(value.data, text);
    }
    return text;
  };
}
