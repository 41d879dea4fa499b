import { describe, expect, it } from 'vitest';
import { GraphQLError } from 'graphql';
import { createGatewayFormatError } from '../gateway/src/plugins/format-error.js';
import { BadInputError, createFormatError } from '../subgraphs/shared/errors.js';
import { localized, parseAcceptLanguage } from '../subgraphs/shared/locale.js';
import { decodeCursor, encodeCursor, pageSize } from '../subgraphs/shared/pagination.js';
import { findDistrict, requireCity, requireDistrict, CITIES } from '../subgraphs/shared/places.js';
import { boxAround, distanceMeters } from '../subgraphs/heritage/heritage-object/geo.js';
import { foldForSearch, searchTerms } from '../subgraphs/registry/organization/organization.search.js';
import { parseSubgraphConfig, subgraphDatabaseUrl } from '../subgraphs/shared/config.js';

describe('Accept-Language', () => {
  it('answers Ukrainian by default and English only when preferred', () => {
    expect(parseAcceptLanguage(undefined)).toBe('uk');
    expect(parseAcceptLanguage('en')).toBe('en');
    expect(parseAcceptLanguage('en-GB,en;q=0.9')).toBe('en');
    expect(parseAcceptLanguage('uk-UA,uk;q=0.9,en;q=0.8')).toBe('uk');
    expect(parseAcceptLanguage('de, en;q=0.5, uk;q=0.7')).toBe('uk');
    expect(parseAcceptLanguage('fr')).toBe('uk');
    expect(parseAcceptLanguage('en;q=0')).toBe('uk');
  });
  it('falls back to Ukrainian when no translation exists', () => {
    expect(localized('en', 'Київ', 'Kyiv')).toBe('Kyiv');
    expect(localized('en', 'Київ', null)).toBe('Київ');
    expect(localized('uk', 'Київ', 'Kyiv')).toBe('Київ');
  });
});

describe('pagination', () => {
  it('round-trips cursors and refuses malformed ones naming the argument', () => {
    const cursor = encodeCursor([1700000000000, 'abc']);
    expect(decodeCursor(cursor, 2)).toEqual([1700000000000, 'abc']);
    for (const bad of ['not-a-cursor', encodeCursor([1]), Buffer.from('{"a":1}').toString('base64url'), encodeCursor([{} as never, 'x'])]) {
      expect(() => decodeCursor(bad, 2)).toThrowError(BadInputError);
      try {
        decodeCursor(bad, 2);
      } catch (error) {
        expect((error as BadInputError).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
      }
    }
  });
  it('caps page sizes', () => {
    expect(pageSize(undefined)).toBe(20);
    expect(pageSize(0)).toBe(0);
    expect(pageSize(100)).toBe(100);
    expect(() => pageSize(101)).toThrowError(/between 0 and 100/);
    expect(() => pageSize(-1)).toThrowError(BadInputError);
  });
});

describe('places', () => {
  it('knows Kyiv\u02bcs ten districts and Vinnytsia', () => {
    expect(CITIES.map((c) => c.id)).toEqual(['kyiv', 'vinnytsia']);
    expect(CITIES[0]!.districts).toHaveLength(10);
    expect(findDistrict('kyiv-podilskyi')?.cityId).toBe('kyiv');
    expect(() => requireCity('filter.city', 'lviv')).toThrowError(/Unknown city "lviv"/);
    expect(() => requireDistrict('filter.district', 'kyiv-podilskyi', 'vinnytsia')).toThrowError(BadInputError);
  });
});

describe('geo', () => {
  it('measures great-circle distances', () => {
    // Saint Sophia to the Golden Gate, Kyiv: about 450 m.
    const d = distanceMeters(50.4529, 30.5143, 50.4489, 30.5133);
    expect(d).toBeGreaterThan(430);
    expect(d).toBeLessThan(470);
    // Kyiv to Vinnytsia, about 200 km as the crow flies.
    expect(distanceMeters(50.4501, 30.5234, 49.2331, 28.4682) / 1000).toBeCloseTo(199.6, 0);
    expect(distanceMeters(10, 10, 10, 10)).toBe(0);
  });
  it('boxes contain their circle', () => {
    const box = boxAround(50.45, 30.52, 2000);
    for (let bearing = 0; bearing < 360; bearing += 15) {
      const rad = (bearing * Math.PI) / 180;
      const lat = 50.45 + (1990 / 111_195) * Math.cos(rad);
      const lng = 30.52 + (1990 / (111_195 * Math.cos((50.45 * Math.PI) / 180))) * Math.sin(rad);
      expect(lat).toBeGreaterThanOrEqual(box.south);
      expect(lat).toBeLessThanOrEqual(box.north);
      expect(lng).toBeGreaterThanOrEqual(box.west);
      expect(lng).toBeLessThanOrEqual(box.east);
    }
    expect(boxAround(89.99, 0, 5000)).toMatchObject({ west: -180, east: 180 });
  });
});

describe('organisation search folding', () => {
  it('ignores case and apostrophe variants', () => {
    expect(foldForSearch("Об'єднання")).toBe(foldForSearch('Обʼєднання'));
    expect(foldForSearch('ОБ’ЄДНАННЯ')).toBe('обєднання');
    expect(searchTerms('  50%_off  Поділ ')).toEqual(['50\\%\\_off', 'поділ']);
  });
});

describe('configuration', () => {
  it('defaults to SQLite files and derives a database per subgraph from DATABASE_URL', () => {
    expect(parseSubgraphConfig('petitions', {}).database).toMatchObject({ kind: 'sqlite' });
    expect(parseSubgraphConfig('petitions', {}).port).toBe(4001);
    expect(parseSubgraphConfig('registry', { DATABASE_URL: 'postgres://db:5432/x' }).database).toEqual({
      kind: 'postgresql',
      url: 'postgres://db:5432/participation_registry',
    });
    expect(parseSubgraphConfig('heritage', { HERITAGE_DATABASE_URL: 'postgresql://h/her', DATABASE_URL: 'postgres://db/x' }).database).toEqual({
      kind: 'postgresql',
      url: 'postgresql://h/her',
    });
    expect(subgraphDatabaseUrl('postgres://u:p@h:1/', 'petitions')).toBe('postgres://u:p@h:1/participation_petitions');
    expect(() => parseSubgraphConfig('petitions', { PETITIONS_PORT: 'abc' })).toThrowError(/petitions subgraph/);
    expect(() => parseSubgraphConfig('petitions', { DATABASE_URL: 'mysql://x' })).toThrowError(/Invalid configuration/);
  });
});

describe('the error boundaries', () => {
  it('masks unexpected subgraph errors and logs them, keeping client errors whole', () => {
    const logged: unknown[] = [];
    const format = createFormatError((error) => logged.push(error));
    const internal = new Error('SQLITE_ERROR: no such table: petition');
    const masked = format({ message: internal.message, path: ['petition'], extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x'] } }, internal);
    expect(masked).toEqual({ message: 'Internal server error', path: ['petition'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(logged).toEqual([internal]);
    const bad = new BadInputError('first', 'first must be between 0 and 100');
    expect(format({ message: bad.message, extensions: { ...bad.extensions, stacktrace: ['at y'] } }, bad)).toEqual({
      message: 'first must be between 0 and 100',
      extensions: { code: 'BAD_USER_INPUT', field: 'first' },
    });
  });
  it('names a failed subgraph at the gateway without its internals', () => {
    const format = createGatewayFormatError(() => undefined);
    const failure = new GraphQLError('subgraph registry failed', { extensions: { code: 'SERVICE_UNAVAILABLE', serviceName: 'registry' } });
    expect(format({ message: 'connect ECONNREFUSED 127.0.0.1:4003', extensions: failure.extensions }, failure)).toEqual({
      message: 'The registry service could not answer; its fields are null.',
      extensions: { code: 'SERVICE_UNAVAILABLE', service: 'registry' },
    });
    expect(format({ message: 'boom', extensions: { code: 'INTERNAL_SERVER_ERROR' } }, new Error('boom'))).toEqual({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(format({ message: 'x', extensions: { code: 'BAD_USER_INPUT', field: 'after', serviceName: 'petitions' } }, null)).toEqual({
      message: 'x',
      extensions: { code: 'BAD_USER_INPUT', field: 'after' },
    });
  });
});
