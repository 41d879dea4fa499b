import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { statementFingerprint } from '../subgraphs/shared/database.js';
import { createLogger, libraryLogger, serializeError } from '../lib/log.js';

const SECRET = 'subject-7f3a';

/** What the logger writes, parsed. */
function capture(level: 'trace' | 'info' = 'trace') {
  const written: string[] = [];
  const logger = createLogger({ name: 'test', level, destination: { write: (line: string) => void written.push(line) } });
  return { logger, lines: () => written.map((line) => JSON.parse(line) as Record<string, any>), raw: () => written.join('') };
}

describe('statement fingerprints', () => {
  it('are the same for a statement with its values inlined as for its template, and hold no value', () => {
    const template = 'insert into "signature" ("id", "signer", "note", "count") values (?, ?, ?, ?), (?, ?, ?, ?) returning "id"';
    const inlined = `insert into "signature" ("id", "signer", "note", "count") values ('a1', '${SECRET}', 'it''s a\nnote', 42), (E'x\\'y', '${SECRET}', null, -1.5e3) returning "id"`;
    const positional = 'insert into "signature" ("id", "signer", "note", "count") values ($1, $2, $3, $4), ($5, $6, $7, $8) returning "id"';
    const a = statementFingerprint(template);
    expect(statementFingerprint(inlined)).toEqual(a);
    expect(statementFingerprint(positional)).toEqual(a);
    expect(a.statement).toMatch(/^[0-9a-f]{16}$/);
    expect(a.sql).toBe('insert into "signature" ("id", "signer", "note", "count") values (?), (?) returning "id"');
    // Identifiers with digits stay; another statement is another fingerprint.
    expect(statementFingerprint('select "t1"."id" from "t1" where "t1"."n" in (?, ?, ?)').sql).toBe('select "t1"."id" from "t1" where "t1"."n" in (?)');
    expect(statementFingerprint('select 1').statement).not.toBe(a.statement);
  });

  it('drop the rest of a statement whose literal does not end, rather than risk a value', () => {
    expect(statementFingerprint(`select * from t where a = '${SECRET}`).sql).toBe('select * from t where a = ?');
  });
});

describe('log lines', () => {
  it('show an error by type, code, constraint and frames: never its message, detail or parameters', () => {
    const driver = Object.assign(new Error(`insert into "signature" values ('${SECRET}') - duplicate key value violates unique constraint "signature_uq"`), {
      code: '23505',
      detail: `Key (signer)=(${SECRET}) already exists.`,
      constraint: 'signature_uq',
      table: 'signature',
      parameters: [SECRET],
      where: `SQL statement "${SECRET}"`,
    });
    const wrapped = new GraphQLError(driver.message, { originalError: driver, path: ['signPetition'], extensions: { code: 'INTERNAL_SERVER_ERROR', note: SECRET } });
    const { logger, lines, raw } = capture();
    logger.error({ err: wrapped }, 'masked an internal error');
    logger.error(driver);
    expect(raw()).not.toContain(SECRET);
    const [first, second] = lines();
    expect(first!.err).toMatchObject({
      type: 'GraphQLError',
      path: ['signPetition'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
      cause: { type: 'Error', code: '23505', constraint: 'signature_uq', table: 'signature', stack: expect.any(Array) },
    });
    expect(first!.err.cause.stack[0]).toMatch(/^at /);
    // `log.error(error)` alone would make the message the line's `msg`.
    expect(second).toMatchObject({ msg: 'Error', err: { type: 'Error', code: '23505' } });
  });

  it('keep no frames when a library rewrote the message after the stack was taken (the frames would hold it)', () => {
    const error = new Error('first');
    void error.stack;
    error.message = `select '${SECRET}'\n    at ${SECRET} (x.js:1:1)`;
    expect(JSON.stringify(serializeError(error))).not.toContain(SECRET);
  });

  it('redact tokens, subjects, variables, bodies and query strings wherever a caller puts them', () => {
    const { logger, raw, lines } = capture('info');
    logger.info({ authorization: `Bearer ${SECRET}`, headers: { authorization: SECRET }, viewer: { id: SECRET }, sub: SECRET, variables: { s: SECRET }, body: SECRET }, 'request');
    logger.info({ req: { method: 'GET', url: `/graphql?variables=${SECRET}`, headers: { authorization: SECRET } } }, 'request');
    expect(raw()).not.toContain(SECRET);
    expect(lines()[1]!.req).toEqual({ method: 'GET', path: '/graphql' });
  });

  it('keep a library\u02bcs sentence to its first clause: what follows is an error message or a query plan', () => {
    const { logger, raw, lines } = capture();
    const apollo = libraryLogger(logger, 'apollo-server');
    apollo.error(`Unexpected error processing request: Error: insert into t values ('${SECRET}')`);
    apollo.debug(`QueryPlan {\n  Fetch(service: "petitions") { { signPetition(id: "${SECRET}") } }\n}`);
    apollo.warn(new Error(SECRET));
    expect(raw()).not.toContain(SECRET);
    expect(lines().map((line) => line.msg)).toEqual(['Unexpected error processing request', 'QueryPlan {', 'apollo-server: Error']);
  });
});
