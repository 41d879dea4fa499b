import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from '../gateway/src/open-data/csv.js';
import { sumDecimals } from '../gateway/src/open-data/decimal-sum.js';

describe('CSV as RFC 4180 writes it', () => {
  it('quotes a field holding a comma, a double quote or a line break, doubling the quotes', () => {
    expect(csvField('Київ')).toBe('Київ');
    expect(csvField('Виконано, частково')).toBe('"Виконано, частково"');
    expect(csvField('ГО "Друзі"')).toBe('"ГО ""Друзі"""');
    expect(csvField('рядок 1\nрядок 2')).toBe('"рядок 1\nрядок 2"');
    expect(csvField('рядок 1\r\nрядок 2')).toBe('"рядок 1\r\nрядок 2"');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(2025)).toBe('2025');
  });

  it('keeps spreadsheets from running a text as a formula, but writes negative numbers as they are', () => {
    expect(csvField('=HYPERLINK("https://evil.example")')).toBe('"\'=HYPERLINK(""https://evil.example"")"');
    expect(csvField('+380441234567 (приймальня)')).toBe('"\'+380441234567 (приймальня)"');
    expect(csvField('@mention')).toBe('"\'@mention"');
    expect(csvField('-12.5')).toBe('-12.5');
    expect(csvField('- 12')).toBe('"\'- 12"');
  });

  it('writes a header row, then the rows in the header\u02bcs order, each ending in CRLF; a BOM only when asked', () => {
    const rows = [{ b: 'x,y', a: 1 }, { a: null, b: 'z' }];
    expect(toCsv(['a', 'b'], rows, { bom: false })).toBe('a,b\r\n1,"x,y"\r\n,z\r\n');
    expect(toCsv(['a', 'b'], rows, { bom: true })).toBe('\uFEFFa,b\r\n1,"x,y"\r\n,z\r\n');
    expect(toCsv(['a'], [], { bom: false })).toBe('a\r\n');
  });
});

describe('exact sums of decimal strings', () => {
  it('adds without binary floating point, trimming trailing zeros', () => {
    expect(sumDecimals(['0.1', '0.2'])).toBe('0.3');
    expect(sumDecimals(['33230.8', '35146.9', '43317', '49091.6', '54866'])).toBe('215652.3');
    expect(sumDecimals(['12466.72', '-12466.72'])).toBe('0');
    expect(sumDecimals(['-0.5', '0.25'])).toBe('-0.25');
    expect(sumDecimals(['99999999999999999.99999', '0.00001'])).toBe('100000000000000000');
    expect(sumDecimals([null, undefined])).toBeNull();
    expect(sumDecimals(['1.5', null])).toBe('1.5');
  });
});
