/**
 * The importer against the five seed documents. Every expected figure here was counted or
 * summed by reading the documents (with grep, awk and bc over ../shared/seeds), not taken
 * from the importer; comments say where each comes from (document and line, 1-based as an
 * editor numbers them). Amounts are thousand UAH, as the documents state them.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { DEMO_DOCUMENTS, type DemoDocument } from '../subgraphs/programmes/demo/documents/index.js';
import { Decimal } from '../subgraphs/programmes/import/decimal.js';
import type { MeasureRecord, MeasureStatus, ProgrammeDocument } from '../subgraphs/programmes/import/model.js';
import { importable, readProgrammeDocument } from '../subgraphs/programmes/import/read-document.js';

const [plan2025, report2023, ogpPlan, programmeReport, vinnytsiaPlan] = DEMO_DOCUMENTS as [DemoDocument, DemoDocument, DemoDocument, DemoDocument, DemoDocument];

function read(document: DemoDocument): ProgrammeDocument {
  const result = readProgrammeDocument(document.name, document.text);
  if (result.kind !== 'read') throw new Error(`${document.name} refused: ${result.reason}`);
  return result.document;
}

function measure(document: ProgrammeDocument, key: string): MeasureRecord {
  const found = document.measures.find((m) => m.key === key);
  if (!found) throw new Error(`No measure ${key} in ${document.source.name}`);
  return found;
}

const values = <T>(list: readonly { value: T }[]) => list.map((item) => item.value);
const amount = (text: string) => Decimal.of(text);
const sum = (list: readonly (Decimal | null)[]) => Decimal.sum(list.filter((d): d is Decimal => d !== null)).toString();

function statusCounts(document: ProgrammeDocument, report = 0): Record<MeasureStatus, number> {
  const counts: Record<MeasureStatus, number> = { DONE: 0, IN_PROGRESS: 0, PARTIALLY_DONE: 0, NOT_DONE: 0, NOT_REPORTED: 0 };
  for (const entry of document.reports[report]!.entries) counts[entry.status] += 1;
  return counts;
}

const warnings = (document: ProgrammeDocument) => document.issues.filter((issue) => issue.severity === 'warning');
const errors = (document: ProgrammeDocument) => document.issues.filter((issue) => issue.severity === 'error');

describe('the embedded seed documents', () => {
  test.each(DEMO_DOCUMENTS.map((d) => [d.name, d] as const))('%s is the published file, byte for byte', (_name, document) => {
    expect(createHash('sha256').update(document.text).digest('hex')).toBe(document.sha256);
    // The sha256 prefix is not the file name's suffix; the suffix is the seed's own id.
    const seeds = join(import.meta.dirname, '..', '..', 'shared', 'seeds', document.name);
    if (existsSync(seeds)) expect(readFileSync(seeds, 'utf8')).toBe(document.text);
  });
});

describe('000: Kyiv plan of measures 2025–2027 (measures 3–29, no title)', () => {
  const document = read(plan2025);

  test('is read without errors, as a plan whose title is composed from its deadlines', () => {
    expect(document.source.layout).toBe('measure-list');
    expect(errors(document)).toEqual([]);
    expect(document.programme.titleInferred).toBe(true);
    expect(document.programme.title.value).toBe('План заходів на 2025–2027 роки');
    expect(document.programme.kind.value).toBe('ACTION_PLAN');
    // Line 6: "…платформи для інститутів громадянського суспільства міста Києва (vcentri.com)".
    expect(document.programme.city).toEqual({ value: 'kyiv', line: 6 });
    // Line 5: "протягом 2025 - 2027 років (після припинення воєнного стану)".
    expect(document.programme.startYear).toEqual({ value: 2025, line: 5 });
    expect(document.programme.endYear).toEqual({ value: 2027, line: 5 });
    expect(document.programme.approvedBy).toBeNull();
  });

  test('has no goals, 27 measures numbered 3 to 29, and no report or funding', () => {
    // grep -cP '^\d+\.\t' 000_*.txt → 27; the first is "3." (line 5), the last "29." (line 40).
    expect(document.goals).toEqual([]);
    expect(document.measures.map((m) => m.number.value)).toEqual(Array.from({ length: 27 }, (_, i) => String(i + 3)));
    expect(document.reports).toEqual([]);
    expect(document.measures.every((m) => m.funding.length === 0 && m.fundingNote === null)).toBe(true);
  });

  test('warns that measures 1–2 are missing and that there is no title', () => {
    expect(warnings(document).map((w) => [w.line, w.message.split(':')[0]])).toEqual([
      [1, 'The document has no title'],
      [5, 'Measures 1–2 are missing'],
    ]);
  });

  test('measure 3, field by field (line 5)', () => {
    const m = measure(document, '3');
    expect(m.number).toEqual({ value: '3', line: 5 });
    expect(m.title).toEqual({ value: "Впровадження інструментів діалогу як підходу до вирішення чутливих питань, розв'язання конфліктів.", line: 5 });
    expect(m.deadline).toEqual({ value: 'протягом 2025 - 2027 років (після припинення воєнного стану)', line: 5 });
    expect(m.period).toEqual({ start: '2025-01-01', end: '2027-12-31' });
    expect(values(m.executors)).toEqual(['Департамент суспільних комунікацій']);
    expect(values(m.partners)).toEqual([
      'Місцева асоціація органів місцевого самоврядування «Асоціація учасницького розвитку громад»',
      'громадська організація «Національна асоціація медіаторів України»',
    ]);
    expect(m.partners.every((p) => p.line === 5)).toBe(true);
    expect(m.expectedResults?.value).toBe(
      "Органи виконавчої влади, органи місцевого самоврядування обізнані з інструментами діалогу та впроваджують їх для сприяння розв'язанню конфліктних ситуацій, вирішенню чутливих питань на регіональному і місцевому рівні.",
    );
    expect(m.goalNumber).toBeNull();
  });

  test('measures 4, 5, 14, 24 and 29 (lines 6, 8, 20, 33, 40)', () => {
    const vcentri = measure(document, '4');
    expect(vcentri.title.value).toBe('Підтримка роботи та модернізація комунікаційної платформи для інститутів громадянського суспільства міста Києва (vcentri.com).');
    expect(values(vcentri.executors)).toEqual([
      'Комунальне некомерційне підприємство виконавчого органу Київської міської ради (Київської міської державної адміністрації) «Центр комунікації»',
    ]);
    expect(vcentri.partners).toEqual([]); // the partners cell of line 6 is empty
    // Line 8: four executors separated by commas, one of them with a comma-free bracket.
    expect(values(measure(document, '5').executors)).toEqual([
      'Департамент суспільних комунікацій',
      'структурні підрозділи виконавчого органу Київської міської ради (Київської міської державної адміністрації)',
      'Громадська рада при виконавчому органі Київської міської ради (Київській міській державній адміністрації)',
      'Київська міська рада',
    ]);
    expect(measure(document, '14').deadline?.value).toBe('щоквартал у протягом 2025 - 2027 років');
    expect(measure(document, '14').period).toEqual({ start: '2025-01-01', end: '2027-12-31' });
    // Line 33 ends its executors with a comma: two executors, no empty third.
    expect(values(measure(document, '24').executors)).toEqual(['Департамент суспільних комунікацій', 'Департамент соціальної та ветеранської політики']);
    expect(measure(document, '29').partners).toEqual([
      { value: 'Громадська спілка «Центр розвитку інновацій»', line: 40 },
      { value: 'Міжнародна громадська організація «Фундація польсько-української співпраці ПАУСІ»', line: 40 },
    ]);
  });

  test('five measures name partners (3, 22, 27, 28, 29: the non-empty fifth cells)', () => {
    expect(document.measures.filter((m) => m.partners.length).map((m) => m.key)).toEqual(['3', '22', '27', '28', '29']);
  });
});

describe('001: the report for 2023 on Kyiv\u02bcs plan of measures 2023–2024', () => {
  const document = read(report2023);

  test('is a report on an action plan for 2023–2024, for the year 2023', () => {
    expect(document.source.layout).toBe('plan-report');
    expect(errors(document)).toEqual([]);
    // Lines 3–5, the bold title.
    expect(document.programme.title).toEqual({
      value: 'План заходів щодо реалізації міської цільової програми «Сприяння розвитку громадянського суспільства» у місті Києві на 2023 - 2024 роки',
      line: 3,
    });
    expect(document.programme.kind.value).toBe('ACTION_PLAN');
    expect(document.programme.city.value).toBe('kyiv');
    expect([document.programme.startYear?.value, document.programme.endYear?.value]).toEqual([2023, 2024]);
    expect(document.reports).toHaveLength(1);
    const report = document.reports[0]!;
    expect(report.title.value).toBe(
      'Інформація про виконання Плану заходів щодо реалізації міської цільової програми «Сприяння розвитку громадянського суспільства» у місті Києві на 2023 - 2024 роки за 2023 рік',
    );
    expect(report.periodText).toEqual({ value: 'за 2023 рік', line: 5 });
    expect(report.period).toEqual({ start: '2023-01-01', end: '2023-12-31' });
  });

  test('lists 24 measures, numbered as the report numbers them, with the gaps it has', () => {
    // Rows whose first cell starts with "N. " (some inside <p>): lines 8, 11, 14, 16, 20, 76,
    // 78, 79, 94, 95, 98, 101, 123, 153, 156, 174, 177, 204, 222, 225, 226, 228, 232, 234.
    expect(document.measures.map((m) => m.number.value)).toEqual(
      ['1', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13', '14', '15', '17', '19', '20', '21', '22', '29', '30', '32', '34', '35', '36'],
    );
    expect(document.goals).toEqual([]);
    const missing = warnings(document).filter((w) => /missing/.test(w.message)).map((w) => w.message.split(':')[0]);
    expect(missing).toEqual(['Measures 2–3 are missing', 'Measure 16 is missing', 'Measure 18 is missing', 'Measures 23–28 are missing', 'Measure 31 is missing', 'Measure 33 is missing']);
  });

  test('status counts: 3 done, 20 in progress, 1 not done', () => {
    // The fifth cells: "Виконано" on lines 76 (8), 174 (20), 225 (30); "Не виконано" on
    // line 226 (32); every other measure "Виконується" (13 and 14 twice, 15 on two rows).
    expect(statusCounts(document)).toEqual({ DONE: 3, IN_PROGRESS: 20, PARTIALLY_DONE: 0, NOT_DONE: 1, NOT_REPORTED: 0 });
    const report = document.reports[0]!;
    const done = report.entries.filter((e) => e.status === 'DONE').map((e) => e.measureKey);
    expect(done).toEqual(['8', '20', '30']);
    expect(report.entries.find((e) => e.measureKey === '32')?.statusText).toEqual({ value: 'Не виконано', line: 226 });
  });

  test('states no amounts: no totals, nothing spent', () => {
    const report = document.reports[0]!;
    expect(report.stated).toEqual({ planned: null, spent: null, deviation: null, spentBySource: [] });
    expect(report.entries.every((e) => e.spent === null)).toBe(true);
    expect(document.measures.every((m) => m.funding.length === 0)).toBe(true);
  });

  test('measure 30, field by field (line 225)', () => {
    const m = measure(document, '30');
    expect(m.title).toEqual({ value: 'Створення консультативно-дорадчого органу з представників громадських організацій, які провадять діяльність у сфері захисту тварин', line: 225 });
    expect(m.deadline).toEqual({ value: 'Перший квартал 2024 року', line: 225 });
    expect(m.period).toEqual({ start: '2024-01-01', end: '2024-03-31' });
    expect(m.partners).toEqual([]); // "-"
    const entry = document.reports[0]!.entries.find((e) => e.measureKey === '30')!;
    expect(entry.status).toBe('DONE');
    expect(entry.text?.value).toMatch(/^При комунальному підприємстві «Київська міська лікарня ветеринарної медицини» утворено консультативн/);
  });

  test('measure 20: a one-month deadline and four partners (line 174)', () => {
    const m = measure(document, '20');
    expect(m.deadline?.value).toBe('Квітень 2023 року');
    expect(m.period).toEqual({ start: '2023-04-01', end: '2023-04-30' });
    expect(values(m.partners)).toEqual([
      'Ініціативний центр сприяння активності та розвитку громадського почину «Єднання»',
      'Офіс Ради Європи в Україні',
      'Асоціація міст України',
      'Секретаріат Кабінету Міністрів України',
    ]);
  });

  test('rows split by page breaks are joined: measure 21\u02bcs title goes on in the shifted row of line 179', () => {
    expect(measure(document, '21').title.value).toBe(
      'Розвиток комунального некомерційного підприємства виконавчого органу Київської міської ради (Київської міської державної адміністрації) «Центр комунікації» для налагодження системного діалогу «влада-громадськість», розширення співпраці з неурядовими організаціями',
    );
    // Line 155 carries the end of measure 17's partner "Благодійна організація «Благодійний фонд «Хьюменгарден Ворлд»".
    expect(values(measure(document, '17').partners)).toEqual(['Центр розвитку «ЧАС ЗМІН»', 'Благодійна організація «Благодійний фонд «Хьюменгарден Ворлд»']);
    // Line 100 carries «Центр комунікації», the end of measure 13's last partner.
    expect(values(measure(document, '13').partners).at(-1)).toBe(
      'Комунальне некомерційне підприємство виконавчого органу Київської міської ради (Київської міської державної адміністрації) «Центр комунікації»',
    );
    expect(warnings(document).some((w) => w.line === 179 && /5 cells/.test(w.message))).toBe(true);
    expect(warnings(document).some((w) => w.line === 79 && /measure 10 look cut off/.test(w.message))).toBe(true);
  });

  test('the responsible officials are read apart from the progress text', () => {
    const entry = document.reports[0]!.entries.find((e) => e.measureKey === '7')!;
    // Lines 43–55: "Черпак Т.В., … (044 235 01 75, guvp_kmda@ukr.net)" between the rows of measure 7.
    expect(entry.responsible?.value).toContain('Черпак Т.В.');
    expect(entry.text?.value).not.toContain('guvp_kmda@ukr.net');
    expect(entry.text?.value).toContain('Громадська активність');
  });
});

describe('002: Kyiv\u02bcs Open Government Partnership action plan 2025–2026', () => {
  const document = read(ogpPlan);

  test('is an action plan for 2025–2026 approved by a council decision left blank', () => {
    expect(document.source.layout).toBe('commitment-plan');
    expect(errors(document)).toEqual([]);
    expect(warnings(document)).toEqual([]);
    // Lines 308 ("ПЛАН") and 310 ("дій із впровадження …").
    expect(document.programme.title).toEqual({ value: 'План дій із впровадження у місті Києві Ініціативи «Партнерство «Відкритий Уряд» у 2025-2026 роках', line: 308 });
    expect(document.programme.kind.value).toBe('ACTION_PLAN');
    expect(document.programme.city.value).toBe('kyiv');
    expect([document.programme.startYear?.value, document.programme.endYear?.value]).toEqual([2025, 2026]);
    // Lines 302–306: "ЗАТВЕРДЖЕНО / Рішення Київської міської ради / від _____ № _____".
    expect(document.programme.approvedBy).toEqual({ value: 'Рішення Київської міської ради від _____ № _____', line: 304 });
    expect(document.reports).toEqual([]);
  });

  test('has 5 commitments and 38 steps (7 + 8 + 7 + 9 + 7)', () => {
    // "Зобов'язання N." heads the annexes on lines 186, 214, 239, 260, 283; the step tables
    // have rows numbered 1–7 (lines 189–201), 1–8 (217–229), 1–7 (242–251), 1–9 (263–274), 1–7 (286–296).
    expect(document.goals.map((g) => [g.number, g.level, g.title.line])).toEqual([
      ['1', 'COMMITMENT', 186],
      ['2', 'COMMITMENT', 214],
      ['3', 'COMMITMENT', 239],
      ['4', 'COMMITMENT', 260],
      ['5', 'COMMITMENT', 283],
    ]);
    expect(document.measures).toHaveLength(38);
    const perCommitment = document.goals.map((g) => document.measures.filter((m) => m.goalNumber === g.number).length);
    expect(perCommitment).toEqual([7, 8, 7, 9, 7]);
    expect(document.measures.filter((m) => m.goalNumber === '4').map((m) => m.number.value)).toEqual(['4.1', '4.2', '4.3', '4.4', '4.5', '4.6', '4.7', '4.8', '4.9']);
  });

  test('commitment 2 (the heritage information base), with its executors, partners and result (lines 214, 367, 369, 371–377)', () => {
    const goal = document.goals[1]!;
    expect(goal.title.value).toBe(
      'Забезпечити розвиток модуля «Інформаційна база пам\'яток культурної спадщини міста Києва» інформаційно-аналітичної системи «Управління майновим комплексом територіальної громади міста Києва»',
    );
    expect(goal.executors).toEqual([
      { value: 'Департамент охорони культурної спадщини виконавчого органу Київської міської ради (Київської міської державної адміністрації)', line: 367 },
      { value: 'Департамент інформаційно-комунікаційних технологій виконавчого органу Київської міської ради (Київської міської державної адміністрації)', line: 367 },
    ]);
    expect(values(goal.partners)).toEqual([
      'громадська організація «Київ. Стратегія 2025»',
      'громадська організація «Україна Інкогніта»',
      'громадська організація «Історична платформа»',
      'Громадська рада при виконавчому органі Київської міської ради (Київській міській державній адміністрації)',
      'Київський міський центр народної творчості та культурологічних досліджень',
    ]);
    expect(goal.expectedResults?.line).toBe(371);
    expect(goal.expectedResults?.value.split('\n')).toHaveLength(6); // the sentence and five bullets (lines 373–377)
  });

  test('step 2.2, field by field: its row goes on at line 220', () => {
    const m = measure(document, '2.2');
    expect(m.numberAsWritten).toBe('2');
    expect(m.title).toEqual({
      value: 'Формування дорожньої карти щодо розвитку модуля «Інформаційна база пам\'яток культурної спадщини міста Києва» інформаційно-аналітичної системи «Управління майновим комплексом територіальної громади міста Києва»',
      line: 218,
    });
    expect(values(m.executors)).toEqual([
      'Департамент охорони культурної спадщини виконавчого органу Київської міської ради (Київської міської державної адміністрації)',
      'Департамент інформаційно-комунікаційних технологій виконавчого органу Київської міської ради (Київської міської державної адміністрації)',
      'Комунальне підприємство «Головний інформаційно-обчислювальний центр»',
    ]);
    expect(m.deadline).toEqual({ value: '02.2025-03.2025', line: 218 });
    expect(m.period).toEqual({ start: '2025-02-01', end: '2025-03-31' });
    expect(m.indicators?.value).toMatch(/^Напрацьовано етапи та строки розробки модернізованого модуля/);
    // The commitment's partners (line 369) take part in each of its steps.
    expect(m.partners).toHaveLength(5);
    expect(m.partners.every((p) => p.line === 369)).toBe(true);
  });

  test('steps 4.6 and 5.2: names run together, a deadline with spaces (lines 270, 287)', () => {
    expect(values(measure(document, '4.6').executors)).toEqual([
      'Київська міська рада',
      'Департамент суспільних комунікацій виконавчого органу Київської міської ради (Київської міської державної адміністрації)',
    ]);
    const repair = measure(document, '5.2');
    expect(repair.title.value).toBe('Проведення капітального ремонту та облаштування відкритих громадських просторів «Vcentri HUB» у Подільському та Святошинському районах міста Києва');
    expect(values(repair.executors)).toEqual([
      'Комунальне некомерційне підприємство виконавчого органу Київської міської ради (Київської міської державної адміністрації) «Центр комунікації»',
    ]);
    expect(repair.deadline?.value).toBe('02.2025 - 08.2025');
    expect(repair.period).toEqual({ start: '2025-02-01', end: '2025-08-31' });
    // Line 274: monitoring from December 2025 to October 2026.
    expect(measure(document, '4.9').period).toEqual({ start: '2025-12-01', end: '2026-10-31' });
  });
});

describe('003: the report for January–March 2023 on Kyiv\u02bcs programme 2020–2024', () => {
  const document = read(programmeReport);
  const report = document.reports[0]!;

  test('is a report on a target programme for 2020–2024, for the first quarter of 2023', () => {
    expect(document.source.layout).toBe('programme-report');
    expect(errors(document)).toEqual([]);
    // Lines 3–5.
    expect(document.programme.title).toEqual({ value: 'Сприяння розвитку громадянського суспільства у місті Києві на 2020–2024 роки', line: 3 });
    expect(document.programme.kind.value).toBe('TARGET_PROGRAMME');
    expect([document.programme.startYear?.value, document.programme.endYear?.value]).toEqual([2020, 2024]);
    expect(report.periodText).toEqual({ value: 'за січень – березень 2023 року', line: 5 });
    expect(report.period).toEqual({ start: '2023-01-01', end: '2023-03-31' });
  });

  test('has 2 tasks and 28 measures (1.1–1.7, 1.8.1–1.8.3, 1.9–1.24, 2.1, 2.2)', () => {
    // The second column: "1. Налагодження комунікації «влада - громадськість»" (line 9) and
    // "2. Розвиток інноваційних форм участі для киян …" (line 72, one cell to the left).
    expect(document.goals.map((g) => [g.number, g.title.value, g.title.line])).toEqual([
      ['1', 'Налагодження комунікації «влада - громадськість»', 9],
      ['2', 'Розвиток інноваційних форм участі для киян (відкрите урядування та електронна демократія)', 72],
    ]);
    expect(document.goals[0]!.strategicGoal?.value).toBe('Залучення громадян до процесів формування, реалізації та контролю міської політики');
    const numbers = document.measures.map((m) => m.number.value);
    expect(numbers).toHaveLength(28);
    expect(numbers.slice(6, 11)).toEqual(['1.7', '1.8.1', '1.8.2', '1.8.3', '1.9']);
    expect(numbers.slice(-3)).toEqual(['1.24', '2.1', '2.2']);
    expect(document.measures.filter((m) => m.goalNumber === '2').map((m) => m.key)).toEqual(['2.1', '2.2']);
    // Line 35: "1.8. Забезпечення діяльності консультативно-дорадчих органів:" heads 1.8.1–1.8.3.
    expect(['1.8.1', '1.8.2', '1.8.3'].map((k) => measure(document, k).heading?.value)).toEqual(Array(3).fill('1.8. Забезпечення діяльності консультативно-дорадчих органів'));
    // Rows 59, 60 and 72 have nine cells: realigned on their measure numbers.
    expect(warnings(document).map((w) => w.line)).toEqual([59, 60, 72]);
  });

  test('status counts: 3 done, 15 partially done, 7 not done, 3 not reported', () => {
    // Ninth column: "Виконано (завдання, заплановані на звітний період, виконані)" on lines 59 (1.15),
    // 67 (1.21), 75 (2.2); "Не виконано" on 9, 14, 44, 53, 68, 69, 70; "-" on 56, 60, 62
    // (1.14, 1.16, 1.17); "Виконано частково" (10 with "(без відповідного фінансування)") on the other 15.
    expect(statusCounts(document)).toEqual({ DONE: 3, IN_PROGRESS: 0, PARTIALLY_DONE: 15, NOT_DONE: 7, NOT_REPORTED: 3 });
    expect(report.entries.filter((e) => e.status === 'NOT_REPORTED').map((e) => e.measureKey)).toEqual(['1.14', '1.16', '1.17']);
    const partial = report.entries.find((e) => e.measureKey === '1.3')!;
    expect(partial.statusText?.value).toBe('Виконано частково (без відповідного фінансування)');
    expect(partial.reasons?.value).toBe('без відповідного фінансування');
  });

  test('every stated total: 80799.1 planned, 12466.72 spent, 68332.38 deviation, spending per source', () => {
    // Line 83: "Заплановані бюджетні асигнування на 2023 рік, з урахуванням змін, тис. грн - 80799,100."
    expect(report.stated.planned).toEqual({ value: amount('80799.1'), line: 83 });
    // Line 85: "Проведені видатки за звітний період, тис. грн - 12466,720."
    expect(report.stated.spent).toEqual({ value: amount('12466.72'), line: 85 });
    // Line 87: "Відхилення, тис. грн - 68332,380."
    expect(report.stated.deviation).toEqual({ value: amount('68332.38'), line: 87 });
    // Lines 78–81: Бюджет міста Києва 12466,72; Інші джерела 0,00.
    expect(report.stated.spentBySource.map((s) => [s.source, s.amount.toString(), s.line])).toEqual([
      ['Бюджет міста Києва', '12466.72', 79],
      ['Інші джерела', '0', 81],
    ]);
    // The stated deviation is the stated plan less the stated spending (80799.1 − 12466.72).
    expect(report.stated.planned!.value.minus(report.stated.spent!.value).toString()).toBe('68332.38');
  });

  test('the sums of its lines: 12466.72 spent; 105695 planned for 2023, 24895.9 more than the plan it states', () => {
    // Spent column: 3273,03 (1.6, line 26) + 117,5 (1.15, line 59) + 9076,19 (1.21, line 67); 0,00 or "-" elsewhere.
    expect(sum(report.entries.map((e) => e.spent?.value ?? null))).toBe('12466.72');
    expect(report.entries.filter((e) => e.spent === null).map((e) => e.measureKey)).toEqual(['1.16', '1.17']);
    const in2023 = document.measures.flatMap((m) => m.funding.filter((f) => f.year === 2023));
    // "2023 рік - …" over all measures and sources (bc): 2737.8 + 1105.7 + 1210.4 + 1161.0 +
    // 421.2 + (17237.8 + 210.6) + 13689.0 + 231.7 + 81.3 + 368.6 + 5058.0 + 232.2 + 580.5 +
    // 573.9 + 1422.9 + 2316.6 + 5000.0 + 49091.6 + 647.6 + 210.6 + 526.5 + 1579.5 = 105695.0
    expect(sum(in2023.map((f) => f.planned))).toBe('105695');
    expect(sum(in2023.filter((f) => f.source === 'Інші джерела').map((f) => f.planned))).toBe('210.6');
    expect(amount('105695').minus(report.stated.planned!.value).toString()).toBe('24895.9');
  });

  test('the programme\u02bcs planned funding over all years: 419446.4, each measure\u02bcs "Всього" equal to its years', () => {
    // The "Всього" of every measure (1.6: the total over both sources, 52339,7) summed with bc: 419446.4.
    const lines = document.measures.flatMap((m) => m.funding);
    expect(sum(lines.map((f) => f.planned))).toBe('419446.4');
    for (const m of document.measures) {
      for (const total of m.fundingTotals.filter((t) => t.year === null)) {
        const parts = m.funding.filter((f) => total.source === null || f.source === total.source);
        expect(sum(parts.map((f) => f.planned)), `${m.key} ${total.source}`).toBe(total.amount.toString());
      }
    }
    // 2022 over all measures: 95074.6 (bc over the "2022 рік" amounts, 1.6 with both sources).
    expect(sum(lines.filter((f) => f.year === 2022).map((f) => f.planned))).toBe('95074.6');
  });

  test('measure 1.21, field by field: amounts with grouped thousands (line 67)', () => {
    const m = measure(document, '1.21');
    expect(m.title).toEqual({ value: 'Забезпечення здійснення фінансової підтримки діяльності органів самоорганізації населення міста Києва', line: 67 });
    expect(m.deadline?.value).toBe('2020-2024');
    expect(m.period).toEqual({ start: '2020-01-01', end: '2024-12-31' });
    expect(values(m.executors)).toEqual(['Департамент суспільних комунікацій виконавчого органу Київської міської ради (Київської міської державної адміністрації)']);
    // "Всього: 215 652,3 2020 рік - 33 230,8 2021 рік - 35 146,9 2022 рік - 43 317,0 2023 рік - 49 091,6 2024 рік - 54 866,0"
    expect(m.funding.map((f) => [f.source, f.year, f.planned?.toString(), f.line])).toEqual([
      ['Бюджет міста Києва', 2020, '33230.8', 67],
      ['Бюджет міста Києва', 2021, '35146.9', 67],
      ['Бюджет міста Києва', 2022, '43317', 67],
      ['Бюджет міста Києва', 2023, '49091.6', 67],
      ['Бюджет міста Києва', 2024, '54866', 67],
    ]);
    expect(m.fundingTotals.map((t) => [t.source, t.amount.toString()])).toEqual([['Бюджет міста Києва', '215652.3']]);
    const entry = report.entries.find((e) => e.measureKey === '1.21')!;
    expect(entry.spent).toEqual({ value: amount('9076.19'), line: 67 });
    expect(entry.status).toBe('DONE');
    expect(entry.text?.value).toBe(
      'Відповідно до поданих заяв і фінансово-кошторисної документації, у I кварталі 2023 року фінансову підтримку за рахунок коштів місцевого бюджету отримали 118 ОСН на суму 9 076,2 тис. грн.',
    );
  });

  test('measure 1.6: two sources under one total, spending per source (line 26)', () => {
    const m = measure(document, '1.6');
    // Sources cell "Всього Бюджет міста Кисва Інші джерела" (the typo is the document's).
    expect([...new Set(m.funding.map((f) => f.source))]).toEqual(['Бюджет міста Кисва', 'Інші джерела']);
    expect(m.funding.filter((f) => f.year === 2023).map((f) => f.planned?.toString())).toEqual(['17237.8', '210.6']);
    expect(m.fundingTotals.map((t) => [t.source, t.year, t.amount.toString()])).toEqual([
      [null, null, '52339.7'],
      [null, 2022, '16570.2'],
      [null, 2023, '17448.4'],
      [null, 2024, '18321.1'],
      ['Бюджет міста Кисва', null, '51708'],
      ['Інші джерела', null, '631.7'],
    ]);
    const entry = report.entries.find((e) => e.measureKey === '1.6')!;
    expect(entry.spent?.value.toString()).toBe('3273.03');
    expect(entry.spentBySource.map((s) => [s.source, s.amount.toString()])).toEqual([['Бюджет міста Києва', '3273.03']]);
  });

  test('measures without amounts keep what they say instead (1.18, 1.20, 2.2)', () => {
    expect(measure(document, '1.18').fundingNote).toEqual({ value: 'Фінансування не потребує', line: 63 });
    expect(measure(document, '1.20').fundingNote).toEqual({ value: 'За окремим рішенням Київської міської ради', line: 65 });
    expect(measure(document, '2.2').fundingNote?.value).toBe('Фінансування не потребує');
    expect(document.measures.filter((m) => m.fundingNote).length).toBe(3);
  });

  test('measure 1.1: its executors go on in the next row (line 11), its reason is the last column', () => {
    const m = measure(document, '1.1');
    expect(values(m.executors)).toEqual([
      'Департамент суспільних комунікацій виконавчого органу Київської міської ради (Київської міської державної адміністрації)',
      'Комунальне підприємство Київської міської ради «Центр публічної комунікації та інформації»',
      'Комунальне некомерційне підприємство виконавчого органу Київської міської ради (Київської міської державної адміністрації) «Центр комунікації»',
    ]);
    const entry = report.entries.find((e) => e.measureKey === '1.1')!;
    expect(entry.status).toBe('NOT_DONE');
    expect(entry.reasons?.value).toMatch(/заплановано на інший звітний період 2023 року\.$/);
    expect(entry.spent?.value.toString()).toBe('0');
  });
});

describe('004: Vinnytsia\u02bcs partnership strategy plan 2023–2024', () => {
  const document = read(vinnytsiaPlan);

  test('is a strategy plan for 2023–2024, an annex to a council decision', () => {
    expect(document.source.layout).toBe('strategy-plan');
    expect(errors(document)).toEqual([]);
    // Line 31: "Додаток 4. «План реалізації Стратегії партнерства між ІГС та ВМР на 2023-2024 рр.»"
    expect(document.programme.title).toEqual({ value: 'План реалізації Стратегії партнерства між ІГС та ВМР на 2023-2024 рр.', line: 31 });
    expect(document.programme.kind.value).toBe('STRATEGY_PLAN');
    expect(document.programme.city).toEqual({ value: 'vinnytsia', line: 1 });
    expect([document.programme.startYear?.value, document.programme.endYear?.value]).toEqual([2023, 2024]);
    // Lines 1–9: the decision's head, its date and number left blank.
    expect(document.programme.approvedBy?.value).toBe(
      'Рішення Вінницької міської ради від ______ № ______ «Про внесення змін до Стратегії партнерства між інститутами громадянського суспільства та Вінницькою міською радою, затвердженої рішенням міської ради № 386 від 30.04.2021»',
    );
    expect(document.reports).toEqual([]);
  });

  test('has 2 directions, 7 tasks and 27 measures', () => {
    // "Стратегічний напрям" on lines 39 and 139; "Завдання" on 41, 85, 107, 141, 173, 191, 231.
    expect(document.goals.map((g) => [g.level, g.number, g.title.line])).toEqual([
      ['DIRECTION', '1', 39],
      ['TASK', '1.1', 41],
      ['TASK', '1.2', 85],
      ['TASK', '1.3', 107],
      ['DIRECTION', '2', 139],
      ['TASK', '2.1', 141],
      ['TASK', '2.2', 173],
      ['TASK', '2.3', 191],
      ['TASK', '2.4', 231],
    ]);
    // grep -cP '^\t\d+\.\d+\.\d+$' → 27.
    expect(document.measures).toHaveLength(27);
    const perTask = ['1.1', '1.2', '1.3', '2.1', '2.2', '2.3', '2.4'].map((task) => document.measures.filter((m) => m.goalNumber === task).length);
    expect(perTask).toEqual([6, 2, 4, 4, 2, 5, 4]);
  });

  test('task 1.3 lists measures numbered 1.4.x, one of them twice (lines 109–132)', () => {
    expect(document.measures.filter((m) => m.goalNumber === '1.3').map((m) => [m.key, m.number.value, m.number.line])).toEqual([
      ['1.4.1', '1.4.1', 109],
      ['1.4.2', '1.4.2', 118],
      ['1.4.3', '1.4.3', 125],
      ['1.4.3#2', '1.4.3', 132],
    ]);
    expect(measure(document, '1.4.3#2').title.value).toBe('Діджиталізація мережі ІГС');
    expect(warnings(document).filter((w) => /repeated/.test(w.message)).map((w) => w.line)).toEqual([132]);
    expect(warnings(document).filter((w) => /listed under task 1\.3/.test(w.message)).map((w) => w.line)).toEqual([109, 118, 125, 132]);
  });

  test('measure 1.2.2, field by field (lines 97–105)', () => {
    const m = measure(document, '1.2.2');
    expect(m.title).toEqual({ value: 'Розробка, виготовлення та поширення інформаційних матеріалів щодо популяризації діяльності ІГС', line: 98 });
    expect(m.executors).toEqual([
      { value: 'ІРМ', line: 99 },
      { value: 'ГС «Мережа ОГС «Місто змістів»', line: 99 },
      { value: 'ІГС', line: 99 },
    ]);
    expect(m.deadline).toEqual({ value: '2023-2024 рр.', line: 100 });
    expect(m.period).toEqual({ start: '2023-01-01', end: '2024-12-31' });
    expect(m.funding.map((f) => [f.source, f.year, f.planned, f.line])).toEqual([
      ['Бюджет Вінницької МТГ', null, null, 101],
      ['грантові кошти', null, null, 101],
    ]);
    expect(m.expectedResults).toEqual({
      value: [
        'Створено збірник кращих практик і проєктів ІГС щорічно.',
        'Створена та постійно оновлюється база інформаційних матеріалів.',
        'Створено мінімум 1 тематичний відеоролик про ІГС Вінницької МТГ на рік',
        'Проведено мінімум 4 телеефіри на місцевому ТБ/радіо',
      ].join('\n'),
      line: 102,
    });
  });

  test('eight measures need no funding; none states an amount', () => {
    // grep -n 'потребує фінансування': lines 91, 113, 154, 163, 179, 187, 245, 254.
    expect(document.measures.filter((m) => m.fundingNote).map((m) => m.fundingNote!.line)).toEqual([91, 113, 154, 163, 179, 187, 245, 254]);
    expect(document.measures.flatMap((m) => m.funding).every((f) => f.planned === null)).toBe(true);
  });
});

describe('what the importer refuses or reports line by line', () => {
  test('files that are not such documents are refused with the reason', () => {
    expect(readProgrammeDocument('empty.txt', '')).toEqual({ kind: 'refused', reason: 'The file is empty' });
    expect(readProgrammeDocument('image.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x1a]))).toMatchObject({ kind: 'refused' });
    expect(readProgrammeDocument('latin1.txt', new Uint8Array([0x43, 0xe9, 0x74, 0xe9]))).toEqual({ kind: 'refused', reason: 'The file is not UTF-8 text' });
    const letter = 'Шановний пане голово!\n\nПросимо розглянути питання про благоустрій двору.\n\nЗ повагою, мешканці';
    expect(readProgrammeDocument('letter.txt', letter)).toEqual({ kind: 'refused', reason: expect.stringMatching(/^No table of a programme, plan or report found/) });
  });

  test('an unreadable amount is an error on its line, and the document is not importable', () => {
    const broken = programmeReport.text.replace('2021 рік - 2600,0', '2021 рік - 26O0,0'); // a letter O, line 9
    const result = readProgrammeDocument('broken.txt', broken);
    expect(result.kind).toBe('read');
    if (result.kind !== 'read') return;
    expect(result.document.issues.filter((i) => i.severity === 'error')).toEqual([
      { severity: 'error', line: 9, message: expect.stringContaining('Cannot read the funding of measure 1.1') },
    ]);
    expect(importable(result)).toBe(false);
    expect(importable(readProgrammeDocument(programmeReport.name, programmeReport.text))).toBe(true);
  });

  test('an unknown status is an error on its line', () => {
    const broken = report2023.text.split('\n');
    broken[225] = broken[225]!.replace('\tНе виконано\t', '\tЗроблено наполовину\t'); // line 226, measure 32
    const result = readProgrammeDocument('broken.txt', broken.join('\n'));
    expect(result.kind === 'read' && result.document.issues.filter((i) => i.severity === 'error')).toEqual([
      { severity: 'error', line: 226, message: 'Unknown status "Зроблено наполовину" for measure 32' },
    ]);
  });

  test('a report whose period cannot be read is refused, naming the line', () => {
    const broken = programmeReport.text.replace('за січень – березень 2023 року', 'за звітний період');
    expect(readProgrammeDocument('broken.txt', broken)).toEqual({ kind: 'refused', reason: 'Line 3: Cannot read the reporting period "за звітний період"' });
  });
});
