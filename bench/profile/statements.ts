/** SQL statements as the probe (probe.ts) reports them: by shape, so that one query with different values counts once. */

/** A statement's shape (its text with literals as `?`): calls and time inside the driver. */
export interface StatementFigures {
  sql: string;
  calls: number;
  ms: number;
}

/** The statement's shape: string and number literals as `?`, a list of them (`in (…)`) as `(?…)` whatever its length. */
export function statementShape(sql: string): string {
  return sql
    .replace(/'(?:[^']|'')*'/g, '?')
    .replace(/(?<![\w`."])-?\d+(?:\.\d+)?(?:e[+-]?\d+)?(?![\w`"])/gi, '?')
    .replace(/\(\s*\?(?:\s*,\s*\?)*\s*\)/g, '(?…)')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Statements (by text as prepared: knex inlines some values) merged by shape, longest in all first. */
export function slowestShapes(statements: Map<string, { calls: number; ms: number }>, count: number): StatementFigures[] {
  const shapes = new Map<string, StatementFigures>();
  for (const [sql, { calls, ms }] of statements) {
    const shape = statementShape(sql);
    const figures = shapes.get(shape) ?? { sql: shape, calls: 0, ms: 0 };
    figures.calls += calls;
    figures.ms += ms;
    shapes.set(shape, figures);
  }
  return [...shapes.values()].sort((a, b) => b.ms - a.ms).slice(0, count);
}
