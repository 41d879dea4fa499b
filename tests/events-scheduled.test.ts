/**
 * Events that time causes (issue 18): a petition's collection period ends, a consultation
 * opens and closes, with no write to record them. The subgraphs' scheduled job
 * (subgraphs/shared/timed-events.ts) records `PetitionClosed`, `ConsultationOpened` and
 * `ConsultationClosed` once each, however often or concurrently it runs; demo data, generated
 * data and data migrated from before the job existed bring no flood of old news.
 *
 * The job is run with an explicit `now` (`runOnce(now)`), so that transitions weeks ahead
 * happen at once; one test runs it on its schedule in a subgraph process.
 */
import 'reflect-metadata';
import type { MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import pg from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Viewer } from '../lib/identity.js';
import { createLogger } from '../lib/log.js';
import type { SubgraphName } from '../lib/subgraphs.js';
import { consultationTransitions } from '../subgraphs/consultations/consultation/consultation.transitions.js';
import { consultationsSubgraph } from '../subgraphs/consultations/consultations.subgraph.js';
import { petitionClosings } from '../subgraphs/petitions/petition/petition.closings.js';
import { DEFAULT_PETITION_RULES } from '../subgraphs/petitions/petition/petition.rules.js';
import { createPetitionsSubgraph } from '../subgraphs/petitions/petitions.subgraph.js';
import { openDatabase, type DatabaseConfig, type Dialect } from '../subgraphs/shared/database.js';
import { OutboxEvent } from '../subgraphs/shared/outbox/outbox-event.entity.js';
import { dbDate } from '../subgraphs/shared/queries.js';
import { createSubgraph, seedVolume, type SubgraphDefinition } from '../subgraphs/shared/subgraph.js';
import { timedEventsJob, type TimedTransition } from '../subgraphs/shared/timed-events.js';
import { scratchDatabase, testDialects, testSubgraphConfig, type ScratchDatabase } from './support/databases.js';
import { postAsGateway } from './support/gateway-signing.js';
import { demoDatabase } from './support/templates.js';

type Server = Awaited<ReturnType<typeof createSubgraph>>;

const dialects = await testDialects();
const DAY_MS = 86_400_000;
const MIGRATION = 'Migration20261201190000';

const RESIDENTS: Viewer[] = Array.from({ length: 3 }, (_, i) => ({ id: `scheduled-resident-${i + 1}`, grants: [] }));
const MODERATOR: Viewer = { id: 'scheduled-moderator-kyiv', grants: [{ role: 'moderator', city: 'kyiv' }] };
const OFFICIAL: Viewer = { id: 'scheduled-official-kyiv', grants: [{ role: 'official', city: 'kyiv' }] };

/** Kyiv's petitions need two signatures here, so that one test petition reaches its threshold and another does not. */
const petitionsSubgraph = createPetitionsSubgraph({
  rules: { ...DEFAULT_PETITION_RULES, kyiv: { ...DEFAULT_PETITION_RULES.kyiv!, threshold: 2 } },
});

const SUBMIT = 'mutation($input: SubmitPetitionInput!) { submitPetition(input: $input) { petition { id } } }';
const ADMIT = 'mutation($id: ID!) { moderatePetition(id: $id, decision: ADMIT) { petition { id closesAt } } }';
const SIGN = 'mutation($id: ID!) { signPetition(id: $id, channel: WEB) { petition { id signatureCount } } }';
const CREATE_CONSULTATION = 'mutation($input: ConsultationInput!) { createConsultation(input: $input) { consultation { id opensAt closesAt } } }';
const BODY = 'Просимо встановити лавки та питні фонтанчики на Контрактовій площі, бо влітку там немає де відпочити в тіні.';

/** An outbox row as the tests compare it. */
interface Recorded {
  type: string;
  entityId: string;
  data: Record<string, unknown>;
}

async function outbox(orm: MikroORM, after = 0): Promise<Recorded[]> {
  const rows = await (orm.em.fork() as SqlEntityManager).find(OutboxEvent, { seq: { $gt: after } }, { orderBy: { seq: 'asc' } });
  return rows.map((row) => ({ type: row.type, entityId: row.entityId, data: JSON.parse(row.data) as Record<string, unknown> }));
}

async function lastSeq(orm: MikroORM): Promise<number> {
  const [row] = await (orm.em.fork() as SqlEntityManager).find(OutboxEvent, {}, { orderBy: { seq: 'desc' }, limit: 1 });
  return row ? Number(row.seq) : 0;
}

/** Runs `job` at `now` and returns what it recorded (and checks that it says so). */
async function recordedAt(orm: MikroORM, transitions: readonly TimedTransition[], now: Date): Promise<Recorded[]> {
  const before = await lastSeq(orm);
  const count = await timedEventsJob(orm, transitions).runOnce(now);
  const recorded = await outbox(orm, before);
  expect(recorded).toHaveLength(count);
  return recorded;
}

/** How many events of `type` each entity has, over the whole outbox. */
async function countsByEntity(orm: MikroORM, type: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const event of await outbox(orm)) if (event.type === type) counts.set(event.entityId, (counts.get(event.entityId) ?? 0) + 1);
  return counts;
}

/** A second process's view of the same database: its own ORM and connection pool. */
function secondOrm(database: DatabaseConfig, definition: SubgraphDefinition): Promise<MikroORM> {
  return openDatabase({ database, entities: definition.entities, migrations: definition.migrations, logger: createLogger({ name: definition.name, level: 'silent' }) });
}

/** Waits until `check` holds, failing after `ms`. */
async function until(what: string, check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe.each(dialects)('time-driven events on %s', (dialect: Dialect) => {
  const servers = new Map<SubgraphName, { server: Server; url: string; database: ScratchDatabase }>();
  const cleanup: (() => Promise<void>)[] = [];

  async function start(name: SubgraphName, definition: SubgraphDefinition): Promise<void> {
    const database = await demoDatabase(dialect, name);
    const server = await createSubgraph(definition, testSubgraphConfig(name, database));
    servers.set(name, { server, url: await server.listen(0, '127.0.0.1'), database });
  }

  const orm = (name: SubgraphName) => servers.get(name)!.server.orm;

  async function ok(name: SubgraphName, query: string, variables: Record<string, unknown>, viewer: Viewer): Promise<Record<string, any>> {
    const response = await postAsGateway(servers.get(name)!.url, name, { query, variables }, { viewer });
    const result = (await response.json()) as { data?: Record<string, any>; errors?: unknown[] };
    expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
    return result.data!;
  }

  /** A petition submitted and admitted now: open until its `closesAt`, 60 days on. */
  async function admittedPetition(title: string): Promise<{ id: string; closesAt: Date }> {
    const input = { city: 'kyiv', district: 'kyiv-podilskyi', title, body: BODY };
    const { id } = (await ok('petitions', SUBMIT, { input }, RESIDENTS[0]!)).submitPetition.petition;
    const admitted = (await ok('petitions', ADMIT, { id }, MODERATOR)).moderatePetition.petition;
    return { id, closesAt: new Date(admitted.closesAt) };
  }

  /** Records whatever else comes due within the next 61 days (the demo's open petitions), so that a test sees only its own petitions close. */
  async function drainPetitions(): Promise<void> {
    await timedEventsJob(orm('petitions'), [petitionClosings]).runOnce(new Date(Date.now() + 61 * DAY_MS));
  }

  async function plannedConsultation(title: string, opensAt: Date, closesAt: Date): Promise<string> {
    const input = { city: 'kyiv', title, description: 'Обговорення нової схеми руху транспорту на Подолі та біля набережної.', format: 'ONLINE_SURVEY', opensAt, closesAt };
    return (await ok('consultations', CREATE_CONSULTATION, { input }, OFFICIAL)).createConsultation.consultation.id;
  }

  beforeAll(async () => {
    await start('petitions', petitionsSubgraph);
    await start('consultations', consultationsSubgraph);
  });

  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
    for (const { server, database } of servers.values()) {
      await server.close();
      await database.drop();
    }
    servers.clear();
  });

  test('the demo data records nothing at the first run; only what comes due after it was seeded, later', async () => {
    const now = new Date();
    expect(await recordedAt(orm('petitions'), [petitionClosings], now)).toEqual([]);
    expect(await recordedAt(orm('consultations'), consultationTransitions, now)).toEqual([]);
    // Nothing in the demo data changes within a day of when it was seeded (tests/support/templates.ts).
    const soon = new Date(now.getTime() + 3600_000);
    expect(await recordedAt(orm('petitions'), [petitionClosings], soon)).toEqual([]);
    expect(await recordedAt(orm('consultations'), consultationTransitions, soon)).toEqual([]);

    // The seeder marked only what was past: the demo's open petitions and planned consultations still close and open.
    const em = orm('petitions').em.fork() as SqlEntityManager;
    const [open] = await em.execute<{ n: number | string }[]>('select count(*) as n from petition where closes_at > ?', [dbDate(em, now)]);
    const later = new Date(now.getTime() + 400 * DAY_MS);
    const closed = await recordedAt(orm('petitions'), [petitionClosings], later);
    expect(Number(open!.n)).toBeGreaterThan(0);
    expect(closed).toHaveLength(Number(open!.n));
    expect(new Set(closed.map((event) => event.type))).toEqual(new Set(['PetitionClosed']));
    const transitions = await recordedAt(orm('consultations'), consultationTransitions, later);
    expect(transitions.filter((event) => event.type === 'ConsultationOpened').length).toBeGreaterThan(0);
    expect(transitions.filter((event) => event.type === 'ConsultationClosed').length).toBeGreaterThan(0);
  });

  test('a petition whose collection period ends gets one PetitionClosed, reached threshold or not, however often the job runs', async () => {
    await drainPetitions();
    const reached = await admittedPetition('Лавки та фонтанчики на Контрактовій площі');
    const short = await admittedPetition('Велодоріжка вздовж Набережного шосе');
    await ok('petitions', SIGN, { id: reached.id }, RESIDENTS[1]!);
    await ok('petitions', SIGN, { id: reached.id }, RESIDENTS[2]!);
    await ok('petitions', SIGN, { id: short.id }, RESIDENTS[1]!);
    expect(reached.closesAt.getTime()).toBeLessThan(short.closesAt.getTime());

    expect(await recordedAt(orm('petitions'), [petitionClosings], new Date(reached.closesAt.getTime() - 1))).toEqual([]);
    const first = await recordedAt(orm('petitions'), [petitionClosings], short.closesAt);
    // In the order they closed; the figures as they stood; nobody named.
    expect(first).toEqual([
      { type: 'PetitionClosed', entityId: reached.id, data: { signatureCount: 2, thresholdReached: true, closedAt: reached.closesAt.toISOString() } },
      { type: 'PetitionClosed', entityId: short.id, data: { signatureCount: 1, thresholdReached: false, closedAt: short.closesAt.toISOString() } },
    ]);
    expect(await recordedAt(orm('petitions'), [petitionClosings], short.closesAt)).toEqual([]);
    expect(await recordedAt(orm('petitions'), [petitionClosings], new Date(short.closesAt.getTime() + 30 * DAY_MS))).toEqual([]);
    const counts = await countsByEntity(orm('petitions'), 'PetitionClosed');
    expect([counts.get(reached.id), counts.get(short.id)]).toEqual([1, 1]);
  });

  test('two runs at once, as two processes on one database, record each closing once', async () => {
    await drainPetitions();
    const petitions = [];
    for (let i = 1; i <= 5; i++) petitions.push(await admittedPetition(`Облаштувати укриття біля школи №${100 + i}`));
    const at = new Date(Math.max(...petitions.map((p) => p.closesAt.getTime())));
    const { database } = servers.get('petitions')!;

    let results: number[];
    if (dialect === 'postgresql') {
      // Each run with its own connection pool. A third connection holds the petitions' rows
      // until both runs wait on them, so that both really contend for the same rows.
      const other = await secondOrm(database.config, petitionsSubgraph);
      cleanup.push(() => other.close());
      const gate = new pg.Client({ connectionString: (database.config as { url: string }).url });
      await gate.connect();
      try {
        await gate.query('begin');
        await gate.query('select id from petition where id = any($1::uuid[]) for update', [petitions.map((p) => p.id)]);
        const runs = Promise.all([timedEventsJob(orm('petitions'), [petitionClosings]).runOnce(at), timedEventsJob(other, [petitionClosings]).runOnce(at)]);
        await until('both runs to wait on the locked petitions', async () => {
          const { rows } = await gate.query<{ n: string }>(
            `select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()`,
          );
          return Number(rows[0]!.n) >= 2;
        });
        await gate.query('commit');
        results = await runs;
      } finally {
        await gate.end();
      }
    } else {
      // SQLite has one writer at a time; in one process the runs share its one connection, as two processes share the file's write lock.
      results = await Promise.all([timedEventsJob(orm('petitions'), [petitionClosings]).runOnce(at), timedEventsJob(orm('petitions'), [petitionClosings]).runOnce(at)]);
    }
    expect(results[0]! + results[1]!).toBe(5);
    const counts = await countsByEntity(orm('petitions'), 'PetitionClosed');
    expect(petitions.map((p) => counts.get(p.id))).toEqual([1, 1, 1, 1, 1]);
    expect(await timedEventsJob(orm('petitions'), [petitionClosings]).runOnce(at)).toBe(0);
  });

  test('a consultation gets ConsultationOpened at opensAt, then ConsultationClosed at closesAt, once each', async () => {
    const now = Date.now();
    const opensAt = new Date(now + DAY_MS);
    const closesAt = new Date(now + 2 * DAY_MS);
    const id = await plannedConsultation('Нова схема руху на Подолі', opensAt, closesAt);

    expect(await recordedAt(orm('consultations'), consultationTransitions, new Date(opensAt.getTime() - 1))).toEqual([]);
    expect(await recordedAt(orm('consultations'), consultationTransitions, opensAt)).toEqual([
      { type: 'ConsultationOpened', entityId: id, data: { opensAt: opensAt.toISOString(), closesAt: closesAt.toISOString() } },
    ]);
    expect(await recordedAt(orm('consultations'), consultationTransitions, opensAt)).toEqual([]);
    // Offline participants reported meanwhile count in the final figure.
    await (orm('consultations').em.fork() as SqlEntityManager).execute('update consultation set offline_participants = 12 where id = ?', [id], 'run');
    expect(await recordedAt(orm('consultations'), consultationTransitions, closesAt)).toEqual([
      { type: 'ConsultationClosed', entityId: id, data: { participantCount: 12, closedAt: closesAt.toISOString() } },
    ]);
    expect(await recordedAt(orm('consultations'), consultationTransitions, new Date(closesAt.getTime() + DAY_MS))).toEqual([]);
  });

  test('a consultation that opened and closed while the job was not running gets both events, opening first', async () => {
    const now = Date.now();
    const opensAt = new Date(now + 3 * DAY_MS);
    const closesAt = new Date(now + 4 * DAY_MS);
    const id = await plannedConsultation('Сквер на вулиці Ярославській', opensAt, closesAt);
    const events = await recordedAt(orm('consultations'), consultationTransitions, new Date(closesAt.getTime() + DAY_MS));
    expect(events.map((event) => [event.type, event.entityId])).toEqual([
      ['ConsultationOpened', id],
      ['ConsultationClosed', id],
    ]);
  });

  test('in a subgraph process the job runs on its schedule and stops with the server', async () => {
    const database = scratchDatabase(dialect, 'petitions');
    cleanup.push(() => database.drop());
    const server = await createSubgraph(petitionsSubgraph, { ...testSubgraphConfig('petitions', database), seedDemoData: false, scheduledEventsSeconds: 0.1 });
    const url = await server.listen(0, '127.0.0.1');
    try {
      const submit = await postAsGateway(url, 'petitions', { query: SUBMIT, variables: { input: { city: 'kyiv', title: 'Пандус у поліклініці №3', body: BODY } } }, { viewer: RESIDENTS[0]! });
      const { id } = ((await submit.json()) as any).data.submitPetition.petition;
      await postAsGateway(url, 'petitions', { query: ADMIT, variables: { id } }, { viewer: MODERATOR });
      // Its period ends in a moment rather than in 60 days.
      const em = server.orm.em.fork() as SqlEntityManager;
      await em.execute('update petition set closes_at = ? where id = ?', [dbDate(em, new Date(Date.now() + 300)), id], 'run');
      await until('PetitionClosed', async () => (await outbox(server.orm)).some((event) => event.type === 'PetitionClosed'));
      expect((await outbox(server.orm)).map((event) => [event.type, event.entityId])).toEqual([
        ['PetitionPublished', id],
        ['PetitionClosed', id],
      ]);
    } finally {
      await server.close();
    }
  });

  test('generated data at volume records nothing at the first run', async () => {
    const now = new Date();
    for (const [name, definition, transitions] of [
      ['petitions', petitionsSubgraph, [petitionClosings]],
      ['consultations', consultationsSubgraph, consultationTransitions],
    ] as const) {
      const database = scratchDatabase(dialect, name);
      cleanup.push(() => database.drop());
      const generated = await secondOrm(database.config, definition);
      try {
        await seedVolume(generated, definition, 0.01, now);
        expect(await recordedAt(generated, transitions, now), name).toEqual([]);
        // What lies ahead of it still comes.
        expect((await recordedAt(generated, transitions, new Date(now.getTime() + 60 * DAY_MS))).length, name).toBeGreaterThan(0);
      } finally {
        await generated.close();
      }
    }
  });

  test('a database migrated from before the job takes what is already past as recorded', async () => {
    const now = Date.now();
    const cases = [
      {
        name: 'petitions' as const,
        definition: petitionsSubgraph,
        transitions: [petitionClosings],
        rows: async (em: SqlEntityManager) => {
          const insert = (id: string, closesAt: number) =>
            em.execute(
              `insert into petition (id, number, city, title_uk, body_uk, status, created_at, opened_at, closes_at, signature_count, web_signature_count, mobile_signature_count, signature_threshold)
               values (?, ?, 'kyiv', 'Петиція', 'Текст', 'OPEN', ?, ?, ?, 0, 0, 0, 6000)`,
              [id, id.slice(-6), dbDate(em, new Date(closesAt - 61 * DAY_MS)), dbDate(em, new Date(closesAt - 60 * DAY_MS)), dbDate(em, new Date(closesAt))],
              'run',
            );
          await insert('00000000-0000-4000-8000-000000000001', now - DAY_MS);
          await insert('00000000-0000-4000-8000-000000000002', now + DAY_MS);
        },
        expected: [['PetitionClosed', '00000000-0000-4000-8000-000000000002']],
      },
      {
        name: 'consultations' as const,
        definition: consultationsSubgraph,
        transitions: consultationTransitions,
        rows: async (em: SqlEntityManager) => {
          const insert = (id: string, opensAt: number, closesAt: number) =>
            em.execute(
              `insert into consultation (id, city, title_uk, description_uk, format, opens_at, closes_at, offline_participants, response_count)
               values (?, 'kyiv', 'Консультація', 'Опис', 'ONLINE_SURVEY', ?, ?, 0, 0)`,
              [id, dbDate(em, new Date(opensAt)), dbDate(em, new Date(closesAt))],
              'run',
            );
          await insert('00000000-0000-4000-8000-000000000011', now - 2 * DAY_MS, now - DAY_MS); // closed
          await insert('00000000-0000-4000-8000-000000000012', now - DAY_MS, now + DAY_MS); // open
          await insert('00000000-0000-4000-8000-000000000013', now + DAY_MS, now + 2 * DAY_MS); // planned
        },
        expected: [
          ['ConsultationOpened', '00000000-0000-4000-8000-000000000013'],
          ['ConsultationClosed', '00000000-0000-4000-8000-000000000012'],
          ['ConsultationClosed', '00000000-0000-4000-8000-000000000013'],
        ],
      },
    ];
    for (const { name, definition, transitions, rows, expected } of cases) {
      const database = scratchDatabase(dialect, name);
      cleanup.push(() => database.drop());
      const logger = createLogger({ name, level: 'silent' });
      const before = { sqlite: definition.migrations.sqlite.filter((m) => m.name !== MIGRATION), postgresql: definition.migrations.postgresql.filter((m) => m.name !== MIGRATION) };
      expect(before[dialect]).toHaveLength(definition.migrations[dialect].length - 1);
      const old = await openDatabase({ database: database.config, entities: [], migrations: before, logger });
      try {
        await rows(old.em.fork() as SqlEntityManager);
      } finally {
        await old.close();
      }
      const migrated = await secondOrm(database.config, definition);
      try {
        expect(await recordedAt(migrated, transitions, new Date()), name).toEqual([]);
        const later = await recordedAt(migrated, transitions, new Date(now + 3 * DAY_MS));
        expect(later.map((event) => [event.type, event.entityId]), name).toEqual(expected);
      } finally {
        await migrated.close();
      }
    }
  });
});
