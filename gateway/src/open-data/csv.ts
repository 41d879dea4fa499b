/**
 * CSV as RFC 4180 writes it: a header row naming the fields, then one row per record;
 * CRLF line ends; a field holding a comma, a double quote, CR or LF is enclosed in double
 * quotes, with each double quote doubled. Null and absent values are empty fields.
 *
 * A field starting with `=`, `+`, `-`, `@`, tab or CR is also quoted and prefixed with an
 * apostrophe when it is text that is not a number: spreadsheets would otherwise run it as
 * a formula (OWASP's CSV injection). Numbers such as `-12.5` are written as they are.
 */
export type CsvValue = string | number | boolean | null | undefined;

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;
const NUMBER = /^-?\d+(\.\d+)?$/;

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text) && !NUMBER.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) || text !== String(value) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The whole file: the header row, then the rows, each ending in CRLF; with a UTF-8 byte order mark when asked. */
export function toCsv(fields: readonly string[], rows: readonly Record<string, CsvValue>[], options: { bom: boolean }): string {
  const lines = [fields.map(csvField).join(','), ...rows.map((row) => fields.map((field) => csvField(row[field])).join(','))];
  return `${options.bom ? '\uFEFF' : ''}${lines.map((line) => `${line}\r\n`).join('')}`;
}
