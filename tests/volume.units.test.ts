import 'reflect-metadata';
import type { MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatedEdrpou } from '../subgraphs/registry/demo/organizations.volume.js';
import { requireEdrpou } from '../subgraphs/registry/organization/edrpou.js';
import { seededRandom } from '../subgraphs/shared/demo-ids.js';
import { SUBGRAPH_NAMES, type SubgraphName } from '../lib/subgraphs.js';
import { openDatabase } from '../subgraphs/shared/database.js';
import { seedVolume } from '../subgraphs/shared/subgraph.js';
import { generatedPlace, skewedCounts, TOP_VOLUMES, volumesAt } from '../subgraphs/shared/volume.js';
import { SUBGRAPHS } from '../subgraphs/index.js';
import { scratchDatabase, type ScratchDatabase } from './support/databases.js';

describe('volumes', () => {
  it('are the top volumes at scale 1 and scale linearly, rounded, at least one of each', () => {
    expect(volumesAt(1)).toEqual(TOP_VOLUMES);
    expect(volumesAt(0.001)).toEqual({ petitions: 100, signatures: 1_000, organizations: 10, heritageObjects: 20, consultations: 2, surveyResponses: 200 });
    expect(volumesAt(0.25).signatures).toBe(250_000);
    expect(volumesAt(0.0000001)).toEqual({ petitions: 1, signatures: 1, organizations: 1, heritageObjects: 1, consultations: 1, surveyResponses: 1 });
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => volumesAt(bad)).toThrow(/positive/);
  });

  it('split a total exactly, a few records taking most', () => {
    const counts = skewedCounts(seededRandom(1), 10_000, 100_000);
    expect(counts.reduce((s, c) => s + c, 0)).toBe(100_000);
    const sorted = [...counts].sort((a, b) => a - b);
    expect(sorted.at(-1)!).toBeGreaterThan(100 * sorted[5_000]!);
    expect(skewedCounts(seededRandom(1), 1, 7)).toEqual([7]);
  });

  it('give organisations distinct EDRPOU codes the registry accepts', () => {
    const codes = Array.from({ length: 20_000 }, (_, i) => generatedEdrpou(i));
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(requireEdrpou('edrpou', code)).toBe(code);
  });

  it('put Kyiv records far ahead of Vinnytsia, the same for every subgraph', () => {
    const kyiv = Array.from({ length: 10_000 }, (_, i) => generatedPlace('petition', i)).filter((p) => p.city === 'kyiv').length;
    expect(kyiv / 10_000).toBeGreaterThan(0.85);
    expect(kyiv / 10_000).toBeLessThan(0.93);
    expect(generatedPlace('organization', 42)).toEqual(generatedPlace('organization', 42));
  });
});

describe('generated data at scale 0.01 (SQLite)', () => {
  const scale = 0.01;
  const now = new Date();
  const scratch: ScratchDatabase[] = [];
  const orms = {} as Record<SubgraphName, MikroORM>;
  const counts = {} as Record<SubgraphName, Record<string, number>>;
  const rows = <T = Record<string, any>>(name: SubgraphName, sql: string, bindings: unknown[] = []): Promise<T[]> =>
    (orms[name].em.fork() as SqlEntityManager).execute(sql, bindings as never[]) as Promise<T[]>;

  beforeAll(async () => {
    for (const name of SUBGRAPH_NAMES) {
      const database = scratchDatabase('sqlite', name);
      scratch.push(database);
      const definition = SUBGRAPHS[name]!;
      orms[name] = await openDatabase({ database: database.config, entities: definition.entities, migrations: definition.migrations });
      counts[name] = await seedVolume(orms[name], definition, scale, now);
    }
  });
  afterAll(async () => {
    await Promise.all(Object.values(orms).map((orm) => orm.close()));
    await Promise.all(scratch.map((s) => s.drop()));
  });

  it('has the volumes of the formula', () => {
    const volumes = volumesAt(scale);
    expect(counts.petitions).toMatchObject({ petition: volumes.petitions, signature: volumes.signatures });
    expect(counts.registry).toMatchObject({ organization: volumes.organizations });
    expect(counts.heritage).toMatchObject({ heritage_object: volumes.heritageObjects });
    expect(counts.consultations).toMatchObject({ consultation: volumes.consultations, survey_response: volumes.surveyResponses });
    expect(counts.consultations.survey_answer).toBeGreaterThan(volumes.surveyResponses);
  });

  it('counts on each petition what its signature rows say', async () => {
    await expectPetitionCountersMatchRows((sql) => rows('petitions', sql));
  });

  it('counts thresholds as the rows say where petitions reach theirs (scale 0.1)', async () => {
    const database = scratchDatabase('sqlite', 'petitions');
    scratch.push(database);
    const definition = SUBGRAPHS.petitions!;
    const orm = await openDatabase({ database: database.config, entities: definition.entities, migrations: definition.migrations });
    try {
      await seedVolume(orm, definition, 0.1, now);
      const reached = await expectPetitionCountersMatchRows((sql) => (orm.em.fork() as SqlEntityManager).execute(sql));
      expect(reached).toBeGreaterThan(0);
    } finally {
      await orm.close();
    }
  });

  it('counts on each consultation and option what the responses and answers say', async () => {
    const wrong = await rows('consultations', `select c.id from consultation c where c.response_count != (select count(*) from survey_response r where r.consultation_id = c.id)
      union all select o.id from survey_option o where o.response_count != (select count(*) from survey_answer a where a.option_id = o.id)`);
    expect(wrong).toEqual([]);
    const unanswered = await rows('consultations', `select r.id from survey_response r join survey_question q on q.consultation_id = r.consultation_id
      where q.required and not exists (select 1 from survey_answer a where a.response_id = r.id and a.question_id = q.id)`);
    expect(unanswered).toEqual([]);
  });

  it('links only to records the other subgraphs hold and publish', async () => {
    const published = new Set((await rows<{ id: string }>('registry', `select id from organization where status in ('REGISTERED', 'SUSPENDED', 'LIQUIDATED')`)).map((r) => r.id));
    const monuments = new Set((await rows<{ id: string }>('heritage', 'select id from heritage_object')).map((r) => r.id));
    const organisationLinks = [
      ...(await rows<{ id: string }>('petitions', 'select initiator_organization_id as id from petition where initiator_organization_id is not null')),
      ...(await rows<{ id: string }>('consultations', 'select organization_id as id from consultation_organizer')),
      ...(await rows<{ id: string }>('heritage', 'select organization_id as id from heritage_steward')),
    ];
    const heritageLinks = [
      ...(await rows<{ id: string }>('petitions', 'select heritage_object_id as id from petition_heritage_object')),
      ...(await rows<{ id: string }>('consultations', 'select heritage_object_id as id from consultation_heritage_object')),
    ];
    expect(organisationLinks.length).toBeGreaterThan(0);
    expect(heritageLinks.length).toBeGreaterThan(0);
    expect(organisationLinks.filter((l) => !published.has(l.id))).toEqual([]);
    expect(heritageLinks.filter((l) => !monuments.has(l.id))).toEqual([]);
  });
});

/**
 * Checks every petition's counters (by channel, the moment of its threshold) and numbers
 * against the rows; returns how many petitions reached their threshold.
 */
async function expectPetitionCountersMatchRows(query: (sql: string) => Promise<any[]>): Promise<number> {
  const petitions = await query('select * from petition');
  const signatures: { petition_id: string; channel: string; signed_at: number }[] = await query('select petition_id, channel, signed_at from signature order by signed_at, id');
  const byPetition = new Map<string, typeof signatures>();
  for (const s of signatures) {
    if (!byPetition.has(s.petition_id)) byPetition.set(s.petition_id, []);
    byPetition.get(s.petition_id)!.push(s);
  }
  let reached = 0;
  for (const petition of petitions) {
    const own = byPetition.get(petition.id) ?? [];
    expect(petition.signature_count).toBe(own.length);
    expect(petition.mobile_signature_count).toBe(own.filter((s) => s.channel === 'MOBILE_APP').length);
    expect(petition.web_signature_count).toBe(own.filter((s) => s.channel === 'WEB').length);
    const threshold = own.length >= petition.signature_threshold ? own[petition.signature_threshold - 1]!.signed_at : null;
    expect(petition.threshold_reached_at).toBe(threshold);
    if (threshold !== null) reached++;
    if (!petition.opened_at) expect(own).toHaveLength(0);
    for (const s of own) expect(s.signed_at).toBeGreaterThanOrEqual(petition.opened_at);
  }
  // Numbers run 1..last in each city and year, as PetitionNumber says.
  for (const { city, year, last } of await query('select * from petition_number')) {
    const numbers = petitions.filter((p) => p.city === city && p.number.includes(`-${year}-`)).map((p) => Number(p.number.split('-')[2]));
    expect(numbers.sort((a, b) => a - b)).toEqual(Array.from({ length: last }, (_, i) => i + 1));
  }
  return reached;
}
