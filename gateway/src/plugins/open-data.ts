import type { ApolloServer } from '@apollo/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FormattedExecutionResult } from 'graphql';
import { message, render } from '../../../lib/messages/index.js';
import { requestLocale } from '../../../lib/request-scope.js';
import type { GatewayContext } from '../context.js';
import { toCsv, type CsvValue } from '../open-data/csv.js';
import { PROGRAMME_FIELDS, PROGRAMME_QUERY, programmeHead, programmeRow, type ProgrammeAnswer } from '../open-data/programme-table.js';
import { REPORT_FIELDS, REPORT_QUERY, reportHead, reportRow, type ReportAnswer } from '../open-data/report-table.js';
import type { RateLimiter } from './rate-limit.js';
import { cacheControl, chargeAnonymous, executeAnonymously, restrict, UNRESTRICTED, type CachePolicy } from './rest-route.js';

/**
 * Open data of programme accountability, served by the gateway from the same operations
 * clients send (anonymous: only what is published):
 *
 * - `GET /open-data/programmes/<id>.csv|.json`: a programme, one row per measure;
 * - `GET /open-data/programme-reports/<id>.csv|.json`: a published report, one row per entry.
 *
 * CSV is RFC 4180 (header row naming the fields, CRLF, quoting) in UTF-8 with a byte order
 * mark, so that Excel, which most readers open it with, reads the Cyrillic text as UTF-8;
 * `?bom=false` leaves the mark out for programs that do not expect one. JSON is
 * `{ programme|report: {…}, fields: [...], rows: [{field: value}] }`, `fields` being the
 * CSV's header. Unknown ids and drafts are 404; answers carry the operations' cache policy.
 */
const FILE = /^([^./]+)\.(csv|json)$/;
const PAGE = 100;

type Row = Record<string, CsvValue>;

interface Table {
  /** The file's subject, as the JSON file names it. */
  head: Record<string, unknown>;
  rows: Row[];
}

/** A table, or why there is none: 404 for nothing published under the id, 502 for a failed operation. */
type Outcome = { table: Table; policy: CachePolicy } | { status: 404 | 502; error: string };

export function registerOpenData(app: FastifyInstance, apollo: ApolloServer<GatewayContext>, consumeRateLimit: RateLimiter): void {
  const route = (path: string, subject: 'programme' | 'report', fields: readonly string[], read: (request: FastifyRequest, id: string) => Promise<Outcome>) =>
    app.get<{ Params: { file: string }; Querystring: { bom?: string } }>(`/open-data/${path}/:file`, async (request, reply) => {
      reply.header('cache-control', 'no-store').header('vary', 'accept-language');
      const file = FILE.exec(request.params.file);
      if (!file) return reply.code(404).send({ error: render(requestLocale(), message('openData.fileName')) });
      const bom = request.query.bom;
      if (bom !== undefined && bom !== 'true' && bom !== 'false') return reply.code(400).send({ error: render(requestLocale(), message('openData.bom')), field: 'bom' });
      if (!(await chargeAnonymous(consumeRateLimit, request, reply))) return reply;
      const outcome = await read(request, file[1]!);
      if ('status' in outcome) return reply.code(outcome.status).send({ error: outcome.error });
      reply.header('cache-control', cacheControl(outcome.policy));
      if (file[2] === 'json') return reply.type('application/json; charset=utf-8').send({ [subject]: outcome.table.head, fields, rows: outcome.table.rows });
      return sendCsv(reply, `${path.replace(/s$/, '')}-${file[1]}.csv`, toCsv(fields, outcome.table.rows, { bom: bom !== 'false' }));
    });

  route('programmes', 'programme', PROGRAMME_FIELDS, (request, id) => readProgramme(apollo, request, id));
  route('programme-reports', 'report', REPORT_FIELDS, (request, id) => readReport(apollo, request, id));
}

function sendCsv(reply: FastifyReply, filename: string, csv: string): FastifyReply {
  // RFC 4180's media type, saying the first line is the header (RFC 4180, section 3).
  return reply.type('text/csv; charset=utf-8; header=present').header('content-disposition', `attachment; filename="${filename}"`).send(csv);
}

/** Why an answer has no data: a client error (a malformed id) is as good as unknown; anything else failed. */
function failure(result: FormattedExecutionResult | null, what: 'programme' | 'report'): Outcome {
  const code = result?.errors?.[0]?.extensions?.code;
  if (result && (!result.errors?.length || code === 'BAD_USER_INPUT' || code === 'NOT_FOUND')) return { status: 404, error: render(requestLocale(), message('openData.notPublished', { what })) };
  return { status: 502, error: result?.errors?.[0]?.message ?? render(requestLocale(), message('route.noAnswer')) };
}

async function readProgramme(apollo: ApolloServer<GatewayContext>, request: FastifyRequest, id: string): Promise<Outcome> {
  let policy = UNRESTRICTED;
  let programme: ProgrammeAnswer | undefined;
  const rows: Row[] = [];
  let after: string | null = null;
  do {
    const { result, cacheControl: header } = await executeAnonymously(apollo, request, PROGRAMME_QUERY, { id, first: PAGE, after });
    const page = (result?.data as { programme?: ProgrammeAnswer | null } | undefined)?.programme;
    if (!page || result?.errors?.length) return failure(result, 'programme');
    policy = restrict(policy, header);
    programme ??= page;
    rows.push(...page.measures.edges.map((edge) => programmeRow(programme!, edge.node)));
    after = page.measures.pageInfo.hasNextPage ? page.measures.pageInfo.endCursor : null;
  } while (after);
  return { table: { head: programmeHead(programme!), rows }, policy };
}

async function readReport(apollo: ApolloServer<GatewayContext>, request: FastifyRequest, id: string): Promise<Outcome> {
  const { result, cacheControl: header } = await executeAnonymously(apollo, request, REPORT_QUERY, { id });
  const report = (result?.data as { programmeReport?: ReportAnswer | null } | undefined)?.programmeReport;
  if (!report || result?.errors?.length) return failure(result, 'report');
  return { table: { head: reportHead(report), rows: report.entries.map((entry) => reportRow(report, entry)) }, policy: restrict(UNRESTRICTED, header) };
}
