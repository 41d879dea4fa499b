/** The text rule every string entering the graph meets (see subgraphs/shared/text.ts); the gateway checks subjects with it too. */

/**
 * Characters no text may hold: C0 controls other than tab, line feed and carriage return
 * (NUL among them, which PostgreSQL cannot store and drivers choke on), DEL, and C1
 * controls. Nothing a person types needs them; they hide text from readers and break
 * the logs, exports and terminals the text ends up in.
 */
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** Half of a UTF-16 surrogate pair without its other half: no character at all. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a text is refused: a control character (its code point in hex, its one-based position in characters), or a lone surrogate. */
export type TextProblem = { kind: 'controlCharacter'; codePoint: string; position: number } | { kind: 'loneSurrogate' };

/** Why a string is not acceptable text (a control character, or a lone UTF-16 surrogate), or null when it is. */
export function textProblem(value: string): TextProblem | null {
  const control = CONTROL_CHARACTER.exec(value);
  if (control) {
    const codePoint = control[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    return { kind: 'controlCharacter', codePoint, position: [...value.slice(0, control.index)].length + 1 };
  }
  // A lone surrogate is no character: the drivers would store U+FFFD in its place.
  if (LONE_SURROGATE.test(value)) return { kind: 'loneSurrogate' };
  return null;
}
