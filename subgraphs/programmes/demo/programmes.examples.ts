import type { SandboxExampleContext, SandboxExampleSpec } from '../../shared/subgraph.js';
import { DEMO_DRAFT_REPORT, demoProgramme } from './programmes.demo-ids.js';

/**
 * The sandbox's examples of schema/operations/programmes.graphql, on the demo data: Kyiv's
 * programme 2020–2024 with its report for Q1 2023 (document 003), and the demo draft report
 * on Kyiv's plan 2025–2027 (document 000), in which the official records progress (safe to
 * repeat: the entry is replaced, the change appended to its history).
 */
export function programmesSandboxExamples(context: SandboxExampleContext): SandboxExampleSpec[] {
  const programme = demoProgramme('003');
  const report = programme.document.reports[0]!;
  const measure = programme.document.measures.find((m) => report.entries.some((entry) => entry.measureKey === m.key && entry.spent))!;
  const plan = demoProgramme(DEMO_DRAFT_REPORT.programme);
  return [
    { operation: 'CityProgrammes', signIn: null, variables: { city: context.city } },
    { operation: 'ProgrammePage', signIn: null, variables: { id: programme.id, first: 10 } },
    { operation: 'MeasurePage', signIn: null, variables: { id: programme.measureId(measure.key) } },
    { operation: 'ProgrammeReport', signIn: null, variables: { id: programme.reportId(report.period.start, report.period.end) } },
    { operation: 'OrganizationProgrammes', signIn: null, variables: { id: context.organizationId } },
    {
      operation: 'RecordMeasureProgress',
      signIn: `official-${plan.document.programme.city.value}`,
      variables: {
        input: {
          measureId: plan.measureId(plan.document.measures[0]!.key),
          reportId: plan.reportId(DEMO_DRAFT_REPORT.periodStart, DEMO_DRAFT_REPORT.periodEnd),
          status: 'IN_PROGRESS',
          text: 'Проєкт рішення підготовлено й оприлюднено для обговорення; громадські слухання заплановано на IV квартал.',
          spent: '0',
          evidenceUrls: ['https://kyivcity.gov.ua/'],
        },
      },
    },
  ];
}
