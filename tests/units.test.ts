import { describe, expect, it } from 'vitest';
import { GraphQLError } from 'graphql';
import { SubgraphUnavailableError, createGatewayFormatError } from '../gateway/src/plugins/format-error.js';
import { BadInputError, createFormatError } from '../lib/errors.js';
import { message } from '../lib/messages/index.js';
import { localized, parseAcceptLanguage } from '../lib/locale.js';
import { decodeCursor, encodeCursor, pageSize } from '../subgraphs/shared/pagination.js';
import { checkText, optionalText, requireText } from '../subgraphs/shared/text.js';
import { isAcceptableSubject } from '../lib/identity.js';
import { fieldOf } from './support/errors.js';
import { nestsDeeperThan } from '../gateway/src/plugins/json-depth.js';
import { findDistrict, requireCity, requireDistrict, CITIES } from '../lib/places.js';
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
    const shape = [{ kind: 'date' }, { kind: 'uuid' }] as const;
    const id = '6f1c3f0e-8a57-4c5e-9a43-2d0f5b7e9c11';
    const cursor = encodeCursor([1700000000000, id]);
    expect(decodeCursor(cursor, shape)).toEqual([1700000000000, id]);
    for (const bad of ['not-a-cursor', encodeCursor([1]), Buffer.from('{"a":1}').toString('base64url'), encodeCursor([{} as never, 'x'])]) {
      expect(() => decodeCursor(bad, shape)).toThrowError(BadInputError);
      try {
        decodeCursor(bad, shape);
      } catch (error) {
        expect((error as BadInputError).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
      }
    }
  });
  it('checks each position of a cursor against the kind its list expects', () => {
    const id = '6f1c3f0e-8a57-4c5e-9a43-2d0f5b7e9c11';
    const raw = (text: string) => Buffer.from(text).toString('base64url');
    const refused = (cursor: string, parts: Parameters<typeof decodeCursor>[1]) => fieldOf(() => decodeCursor(cursor, parts));
    // Dates: whole epoch milliseconds within years 1900–9999.
    for (const date of [1e20, -8.64e15, 8.64e15, 1.5, Date.UTC(10000, 0, 1), Date.UTC(1899, 11, 31)]) expect(refused(raw(`[${date},"${id}"]`), [{ kind: 'date' }, { kind: 'uuid' }])).toBe('after');
    expect(refused(encodeCursor([Date.UTC(1900, 0, 1), id]), [{ kind: 'date' }, { kind: 'uuid' }])).toBeNull();
    // Counts: SQL integers.
    for (const count of [1e20, 2 ** 31, -1, 0.5]) expect(refused(raw(`[${count},"${id}"]`), [{ kind: 'number' }, { kind: 'uuid' }])).toBe('after');
    expect(refused(encodeCursor([2 ** 31 - 1, id]), [{ kind: 'number' }, { kind: 'uuid' }])).toBeNull();
    // Ids are UUIDs; names meet the text rule.
    expect(refused(encodeCursor([1700000000000, 'x']), [{ kind: 'date' }, { kind: 'uuid' }])).toBe('after');
    expect(refused(encodeCursor(['a\u0000b', id]), [{ kind: 'string' }, { kind: 'uuid' }])).toBe('after');
    expect(refused(encodeCursor(['Софійський собор', id]), [{ kind: 'string' }, { kind: 'uuid' }])).toBeNull();
    // Null only where the key is nullable; distances and positions in range.
    expect(refused(encodeCursor([null, id]), [{ kind: 'date' }, { kind: 'uuid' }])).toBe('after');
    expect(refused(encodeCursor([null, id]), [{ kind: 'date', nullable: true }, { kind: 'uuid' }])).toBeNull();
    expect(refused(raw(`[1e300,"${id}"]`), [{ kind: 'distance' }, { kind: 'uuid' }])).toBe('after');
    expect(refused(encodeCursor([-3]), [{ kind: 'position' }])).toBe('after');
    // Not base64url at all, or absurdly long.
    expect(refused('W10=', [{ kind: 'position' }])).toBe('after');
    expect(refused('A'.repeat(5000), [{ kind: 'position' }])).toBe('after');
  });
  it('caps page sizes', () => {
    expect(pageSize(undefined)).toBe(20);
    expect(pageSize(0)).toBe(0);
    expect(pageSize(100)).toBe(100);
    expect(() => pageSize(101)).toThrowError(/від 0 до 100/);
    expect(() => pageSize(-1)).toThrowError(BadInputError);
  });
});

describe('the text rule', () => {
  it('refuses control characters but tab and line breaks, and lone surrogates, naming the field', () => {
    for (const bad of ['a\u0000b', 'a\u0007b', 'a\u000bb', 'a\u001bb', 'a\u007fb', 'a\u0085b', 'a\u009fb', 'a\ud800b', 'a\udc00']) {
      expect(fieldOf(() => checkText('input.title', bad))).toBe('input.title');
      expect(fieldOf(() => requireText('answers[2].text', `Достатньо довгий текст ${bad}`, { min: 1, max: 100 }))).toBe('answers[2].text');
    }
    expect(() => checkText('input.body', 'x\u0000')).toThrowError(/U\+0000 \(позиція 2\)/);
    expect(checkText('input.body', 'рядок\tодин\r\nрядок два\rтри 👍🏽')).toBe('рядок\tодин\nрядок два\nтри 👍🏽');
  });
  it('bounds lengths in characters after trimming, and treats blank optional texts as absent', () => {
    expect(requireText('title', '  Назва  ', { min: 5, max: 5 })).toBe('Назва');
    expect(fieldOf(() => requireText('title', 'Назва!', { min: 1, max: 5 }))).toBe('title');
    expect(fieldOf(() => requireText('title', '   ', { min: 1, max: 5 }))).toBe('title');
    expect(optionalText('titleEn', ' \r\n ', { min: 1, max: 5 })).toBeNull();
    expect(fieldOf(() => optionalText('titleEn', 'a\u0000', { min: 1, max: 5 }))).toBe('titleEn');
  });
  it('takes token subjects of 1 to 255 characters without control characters', () => {
    expect(isAcceptableSubject('s'.repeat(255))).toBe(true);
    expect(isAcceptableSubject('ї'.repeat(255))).toBe(true);
    for (const bad of ['', 's'.repeat(256), 'a\u0000b', 'a\ud800', 42, undefined]) expect(isAcceptableSubject(bad)).toBe(false);
  });
});

describe('JSON nesting', () => {
  it('measures depth without recursion, objects and arrays alike', () => {
    expect(nestsDeeperThan({ query: '{ a }', variables: { input: { list: [{ x: 1 }] } } }, 5)).toBe(false);
    expect(nestsDeeperThan({ query: '{ a }', variables: { input: { list: [{ x: 1 }] } } }, 4)).toBe(true);
    expect(nestsDeeperThan('text', 1)).toBe(false);
    expect(nestsDeeperThan(null, 1)).toBe(false);
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = i % 2 ? [deep] : { a: deep };
    expect(nestsDeeperThan(deep, 64)).toBe(true);
    expect(nestsDeeperThan(deep, 100_000)).toBe(false);
  });
});

describe('places', () => {
  it('knows Kyiv\u02bcs ten districts and Vinnytsia', () => {
    expect(CITIES.map((c) => c.id)).toEqual(['kyiv', 'vinnytsia']);
    expect(CITIES[0]!.districts).toHaveLength(10);
    expect(findDistrict('kyiv-podilskyi')?.cityId).toBe('kyiv');
    expect(() => requireCity('filter.city', 'lviv')).toThrowError(/Невідоме місто «lviv»/);
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
    expect(masked).toEqual({ message: 'Внутрішня помилка сервера.', path: ['petition'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(logged).toEqual([internal]);
    const bad = new BadInputError('first', message('page.size', { max: 100, size: 101 }));
    expect(format({ message: bad.message, extensions: { ...bad.extensions, stacktrace: ['at y'] } }, bad)).toEqual({
      message: 'Розмір сторінки має бути від 0 до 100, а надіслано 101.',
      extensions: { code: 'BAD_USER_INPUT', field: 'first' },
    });
  });
  it('names a failed subgraph at the gateway without its internals', () => {
    const format = createGatewayFormatError(() => undefined);
    const failure = new SubgraphUnavailableError('registry', 'unreachable', new Error('connect ECONNREFUSED 127.0.0.1:4003'));
    expect(format({ message: failure.message, extensions: failure.extensions }, failure)).toEqual({
      message: 'Сервіс реєстру організацій не відповів, тож його поля у відповіді порожні (null).',
      extensions: { code: 'SERVICE_UNAVAILABLE', service: 'registry' },
    });
    // What a subgraph answered is not an outage: its unexpected error stays at its path, masked.
    const answered = new GraphQLError('no such table: petition', { path: ['petition', 'title'], extensions: { code: 'INTERNAL_SERVER_ERROR', serviceName: 'petitions' } });
    expect(format({ message: answered.message, path: ['petition', 'title'], extensions: answered.extensions }, answered)).toEqual({
      message: 'Внутрішня помилка сервера.',
      path: ['petition', 'title'],
      extensions: { code: 'INTERNAL_SERVER_ERROR', service: 'petitions' },
    });
    // A subgraph's document refusal is the graph's fault, not the caller's.
    expect(format({ message: 'Cannot query field "x"', extensions: { code: 'GRAPHQL_VALIDATION_FAILED', serviceName: 'registry' } }, null)).toEqual({
      message: 'Внутрішня помилка сервера.',
      extensions: { code: 'INTERNAL_SERVER_ERROR', service: 'registry' },
    });
    expect(format({ message: 'boom', extensions: { code: 'INTERNAL_SERVER_ERROR' } }, new Error('boom'))).toEqual({
      message: 'Внутрішня помилка сервера.',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(format({ message: 'x', extensions: { code: 'BAD_USER_INPUT', field: 'after', serviceName: 'petitions' } }, null)).toEqual({
      message: 'x',
      extensions: { code: 'BAD_USER_INPUT', field: 'after' },
    });
  });
});
