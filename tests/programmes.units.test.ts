/** The importer's small parts: exact decimals, Ukrainian amounts, periods, statuses, lists of parties, input amounts. */
import { describe, expect, test } from 'vitest';
import { parseAmount, parseFundingCell, parseSpentCell } from '../subgraphs/programmes/import/amounts.js';
import { Decimal } from '../subgraphs/programmes/import/decimal.js';
import { splitParties } from '../subgraphs/programmes/import/parties.js';
import { readPeriod, readYears } from '../subgraphs/programmes/import/periods.js';
import { splitSources } from '../subgraphs/programmes/import/sources.js';
import { combinedStatus, statusOf } from '../subgraphs/programmes/import/statuses.js';
import { requireAmount } from '../subgraphs/programmes/money/decimal.scalar.js';
import { partyKey } from '../subgraphs/programmes/party/party-names.js';
import { fieldOf } from './support/errors.js';

describe('Decimal', () => {
  test('sums exactly where binary floats do not', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(Decimal.of('0.1').plus(Decimal.of('0.2')).toString()).toBe('0.3');
    // The Q1 2023 spending of 003: 3273,03 + 117,5 + 9076,19.
    expect(Decimal.sum(['3273.03', '117.5', '9076.19'].map(Decimal.of)).toString()).toBe('12466.72');
    expect(Decimal.of('80799.100').minus(Decimal.of('12466.720')).toString()).toBe('68332.38');
  });

  test('has one canonical text per value', () => {
    expect(Decimal.of('0.00').toString()).toBe('0');
    expect(Decimal.of('007.50').toString()).toBe('7.5');
    expect(Decimal.of('-0.05').toString()).toBe('-0.05');
    expect(Decimal.of('1').minus(Decimal.of('3.25')).toString()).toBe('-2.25');
    expect(Decimal.of('10').compare(Decimal.of('9.999'))).toBe(1);
    expect(Decimal.of('2.50').equals(Decimal.of('2.5'))).toBe(true);
  });

  test('parses nothing but plain decimals', () => {
    for (const text of ['1e3', '12,5', '1 000', '.5', '5.', '', 'NaN', '0x10']) expect(Decimal.parse(text), text).toBeNull();
  });
});

describe('Ukrainian amounts', () => {
  test('read a decimal comma and thousands grouped by spaces, never running into a year', () => {
    expect(parseAmount('215 652,3')?.toString()).toBe('215652.3');
    expect(parseAmount('9076,19')?.toString()).toBe('9076.19');
    expect(parseAmount('80799,100')?.toString()).toBe('80799.1');
    expect(parseAmount('1 000 000')?.toString()).toBe('1000000');
    expect(parseAmount('12 34')).toBeNull();
    expect(parseAmount('-')).toBeNull();
  });

  test('a funding cell: a total and amounts per year, in one or several groups', () => {
    const one = parseFundingCell('Всього: 215 652,3 2020 рік - 33 230,8 2021 рік - 35 146,9 2023 рік- 49 091,6');
    expect(one).toEqual({
      kind: 'amounts',
      groups: [{ total: Decimal.of('215652.3'), years: [{ year: 2020, amount: Decimal.of('33230.8') }, { year: 2021, amount: Decimal.of('35146.9') }, { year: 2023, amount: Decimal.of('49091.6') }] }],
    });
    const three = parseFundingCell('Всього: 631,7 2022 рік - 200,0 Всього: 500 2022 рік - 500');
    expect(three.kind === 'amounts' && three.groups.map((g) => [g.total?.toString(), g.years.length])).toEqual([['631.7', 1], ['500', 1]]);
    expect(parseFundingCell('Фінансування не потребує')).toEqual({ kind: 'note', text: 'Фінансування не потребує' });
    expect(parseFundingCell('-')).toEqual({ kind: 'empty' });
    expect(parseFundingCell('Всього: 100,0 2020 рік - 5O,0')).toMatchObject({ kind: 'unreadable' });
  });

  test('a spending cell: an amount, a dash, or a total per source', () => {
    expect(parseSpentCell('0,00')).toEqual({ kind: 'amount', total: Decimal.of('0'), bySource: [] });
    expect(parseSpentCell('-')).toEqual({ kind: 'none' });
    expect(parseSpentCell('Всього: 3273,03 Бюджет міста Києва - 3273,03 Інші джерела')).toEqual({
      kind: 'amount',
      total: Decimal.of('3273.03'),
      bySource: [{ source: 'Бюджет міста Києва', amount: Decimal.of('3273.03') }],
    });
    expect(parseSpentCell('близько 12')).toMatchObject({ kind: 'unreadable' });
  });

  test('funding sources run together are cut where a known name starts', () => {
    expect(splitSources('Всього Бюджет міста Кисва Інші джерела')).toEqual(['Всього', 'Бюджет міста Кисва', 'Інші джерела']);
    expect(splitSources('Бюджет Вінницької МТГ, грантові кошти')).toEqual(['Бюджет Вінницької МТГ', 'грантові кошти']);
    expect(splitSources('Кошти благодійників')).toEqual(['Кошти благодійників']);
  });
});

describe('periods', () => {
  test.each([
    ['2020-2024', '2020-01-01', '2024-12-31'],
    ['протягом 2025 - 2027 років (після припинення воєнного стану)', '2025-01-01', '2027-12-31'],
    ['2021', '2021-01-01', '2021-12-31'],
    ['02.2025', '2025-02-01', '2025-02-28'],
    ['02.2024', '2024-02-01', '2024-02-29'],
    ['12.2025-10.2026', '2025-12-01', '2026-10-31'],
    ['Квітень 2023 року', '2023-04-01', '2023-04-30'],
    ['Перший квартал 2024 року', '2024-01-01', '2024-03-31'],
    ['за I квартал 2023 року', '2023-01-01', '2023-03-31'],
    ['за січень – березень 2023 року', '2023-01-01', '2023-03-31'],
    ['за перше півріччя 2024 року', '2024-01-01', '2024-06-30'],
    ['за 2023 рік', '2023-01-01', '2023-12-31'],
  ])('%s', (text, start, end) => {
    expect(readPeriod(text)).toEqual({ start, end });
  });

  test('none where no period is written, or it runs backwards', () => {
    expect(readPeriod('постійно')).toBeNull();
    expect(readPeriod('2024-2020')).toBeNull();
    expect(readYears('на 2020–2024 роки')).toEqual({ start: 2020, end: 2024 });
    expect(readYears('на 2023-2024 рр.')).toEqual({ start: 2023, end: 2024 });
  });
});

describe('statuses', () => {
  test.each([
    ['Виконано', 'DONE'],
    ['Виконано (завдання, заплановані на звітний період, виконані)', 'DONE'],
    ['Виконано частково (без відповідного фінансування)', 'PARTIALLY_DONE'],
    ['Частково виконано', 'PARTIALLY_DONE'],
    ['Не виконано', 'NOT_DONE'],
    ['Виконується', 'IN_PROGRESS'],
    ['-', 'NOT_REPORTED'],
    ['', 'NOT_REPORTED'],
    ['Зроблено', null],
  ])('%s', (text, status) => {
    expect(statusOf(text)).toBe(status);
  });

  test('several statuses for one measure', () => {
    expect(combinedStatus(['IN_PROGRESS', 'IN_PROGRESS'])).toBe('IN_PROGRESS');
    expect(combinedStatus(['DONE', 'IN_PROGRESS'])).toBe('PARTIALLY_DONE');
    expect(combinedStatus(['NOT_DONE', 'IN_PROGRESS'])).toBe('NOT_DONE');
    expect(combinedStatus(['NOT_REPORTED'])).toBe('NOT_REPORTED');
  });
});

describe('lists of parties', () => {
  test('split at commas, semicolons and paragraphs, never inside brackets or quotes', () => {
    expect(splitParties('Громадська рада при виконавчому органі Київської міської ради (Київській міській державній адміністрації), Координаційний комітет')).toEqual([
      'Громадська рада при виконавчому органі Київської міської ради (Київській міській державній адміністрації)',
      'Координаційний комітет',
    ]);
    expect(splitParties('<p>Офіс Ради Європи в Україні</p> <p>громадська організація «Київ, Стратегія»</p>')).toEqual(['Офіс Ради Європи в Україні', 'громадська організація «Київ, Стратегія»']);
  });

  test('nested quotes that close once, and names run together without a separator', () => {
    expect(splitParties('ІРМ, ГС «Мережа ОГС «Місто змістів», ІГС')).toEqual(['ІРМ', 'ГС «Мережа ОГС «Місто змістів»', 'ІГС']);
    expect(splitParties('Департамент освіти (Київської міської державної адміністрації) Комунальне підприємство «Центр» Київська міська рада Департамент культури')).toEqual([
      'Департамент освіти (Київської міської державної адміністрації)',
      'Комунальне підприємство «Центр»',
      'Київська міська рада',
      'Департамент культури',
    ]);
    expect(splitParties('-')).toEqual([]);
  });

  test('names compare with legal forms spelled out', () => {
    expect(partyKey('ГО «Друзі Золотих воріт»')).toBe(partyKey('Громадська організація «Друзі Золотих воріт»'));
    expect(partyKey('ГС «Мережа ОГС «Місто змістів»')).toBe(partyKey('громадська спілка «Мережа ОГС «Місто змістів»»'));
    expect(partyKey('ГО «Друзі»')).not.toBe(partyKey('БФ «Друзі»'));
  });
});

describe('amounts from clients', () => {
  test('are non-negative decimal strings, else BAD_USER_INPUT naming the field', () => {
    expect(requireAmount('input.spent', '1234.50')).toBe('1234.5');
    expect(requireAmount('input.spent', '0')).toBe('0');
    for (const bad of ['-1', '12,5', '1e3', ' ', '1.123456', '9999999999999999']) expect(fieldOf(() => requireAmount('input.spent', bad)), bad).toBe('input.spent');
    expect(fieldOf(() => requireAmount('input.spent', 12.5))).toBe('input.spent');
  });
});
