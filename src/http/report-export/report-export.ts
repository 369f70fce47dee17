import type { MikroORM } from '@mikro-orm/postgresql';
import type express from 'express';
import type { Logger } from 'pino';
import type { Config } from '../../config';
import { decideAccess, type Viewer } from '../../domain/access/viewer';
import { say, type Bilingual } from '../../domain/common/bilingual';
import { RequestError } from '../../domain/common/domain-error';
import type { Locale } from '../../domain/customer/customer.enums';
import { localeFrom } from '../../resolvers/context';
import { authenticate } from '../../services/auth.service';
import type { RateLimiter } from '../../server/rate-limit';
import { chargeExport } from '../export-charge';
import { answerError, edgeErrorOf, sendProblem } from '../errors';
import { credentialsOf } from '../headers';
import { readRouteFor } from '../read-route';
import { SIGN_IN_MESSAGE } from '../../resolvers/access';
import { contentDisposition, type ExportFormat } from '../segment-export';
import type { ServiceContext } from '../../services/service-context';
import { distributionExport, transitionsExport } from './customers';
import { inquiriesExport } from './inquiries';
import { ParamError, QueryParams } from './params';
import { salesExport } from './sales';
import { writeCsv, writeXlsx, type ReportFile } from './table';

/**
 * Report exports (issue 14 item 6): `GET /exports/reports/<report>.csv` or `.xlsx`, the
 * reports of the API as spreadsheets, authorized like the API and the segment export (bearer
 * token or `X-Api-Key` with `reports:read`, plus what the GraphQL field asks of a key), in
 * the viewer's data scope: each export calls the service its GraphQL field calls.
 *
 * A report is computed whole (at most 10,000 rows, under the viewer's evaluation limit, as
 * over GraphQL) and then streamed out with backpressure; it holds no database connection
 * while the file downloads, so it takes no export slot.
 *
 * Adding a report is one `ReportExport`: a query-string parser (`params.ts`) and a table of
 * columns (`table.ts`).
 */
export interface ReportExport<C> {
  /** `sales` in `/exports/reports/sales.csv`. */
  name: string;
  /** The command from the query string; a mistake is a `ParamError` (or a RequestError) naming the parameter. */
  parse(params: QueryParams): C;
  /** Why an API key may not read this report although it has reports:read (another scope it lacks), or null. */
  keyRefusal(viewer: Viewer, command: C): Bilingual | null;
  run(ctx: ServiceContext, command: C, locale: Locale): Promise<ReportFile>;
}

export const REPORT_EXPORTS: ReadonlyArray<ReportExport<unknown>> = [salesExport, inquiriesExport, distributionExport, transitionsExport];

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The `GET /exports/reports/:file` handler. */
export function reportExportHandler(orm: MikroORM, config: Config, log: Logger, limiter?: RateLimiter): express.RequestHandler {
  const handle = async (req: express.Request, res: express.Response): Promise<void> => {
    const em = orm.em.fork();
    const now = new Date();
    const viewer = await authenticate(em, credentialsOf(req), now, config.auth.apiKeyTouchIntervalMs);
    if (!viewer)
      return sendProblem(req, res, {
        code: 'UNAUTHENTICATED',
        message: SIGN_IN_MESSAGE,
      });
    if (decideAccess(viewer, { scope: 'reports:read' }) !== 'ALLOWED') {
      return sendProblem(req, res, {
        code: 'FORBIDDEN',
        message: say('导出报表需要 reports:read 权限范围。', 'Exporting a report needs the reports:read scope.'),
      });
    }
    const throttled = await chargeExport(limiter, em, viewer, config.rateLimit.exportCost);
    if (throttled) return sendProblem(req, res, throttled);
    const match = /^([a-z-]+)\.(csv|xlsx)$/.exec(String(req.params.file ?? ''));
    const report = match && REPORT_EXPORTS.find((r) => r.name === match[1]);
    if (!match || !report) {
      return sendProblem(req, res, {
        code: 'NOT_FOUND',
        message: say(
          `请求 /exports/reports/<report>.csv 或 .xlsx，<report> 为 ${REPORT_EXPORTS.map((r) => r.name).join('、')} 之一。`,
          `Ask for /exports/reports/<report>.csv or .xlsx, <report> one of ${REPORT_EXPORTS.map((r) => r.name).join(', ')}.`,
        ),
      });
    }
    const format = match[2] as ExportFormat;
    let file: ReportFile;
    try {
      const params = new QueryParams(req.query, req.get('accept-language'));
      const locale = params.locale(localeFrom);
      const command = report.parse(params);
      params.rejectUnknown();
      const refusal = report.keyRefusal(viewer, command);
      if (refusal) return sendProblem(req, res, { code: 'FORBIDDEN', message: refusal });
      file = await report.run({ em, viewer, now: () => now, config, reads: readRouteFor(orm, em, viewer, req) }, command, locale);
    } catch (error) {
      if (error instanceof ParamError)
        return sendProblem(req, res, { code: 'BAD_USER_INPUT', message: error.text, parameter: error.parameter });
      const known = error instanceof RequestError ? edgeErrorOf(error) : null;
      if (!known) throw error;
      // The services name the argument first (`granularity: …`, `filter.cityTiers: …`, `since (…) is after until`): the same parameter here.
      const parameter = known.code === 'BAD_USER_INPUT' ? /^(?:filter\.)?(\w+)(?:[.:]| \()/.exec(known.message.en)?.[1] : undefined;
      const message = say(known.message.zh.replace(/^filter\./, ''), known.message.en.replace(/^filter\./, ''));
      return sendProblem(req, res, { ...known, message, parameter });
    }

    res.status(200);
    res.setHeader('Content-Type', CONTENT_TYPES[format]);
    res.setHeader('Content-Disposition', contentDisposition(file.fileName.local, format, file.fileName.ascii));
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    try {
      if (format === 'csv') await writeCsv(file, res);
      else await writeXlsx(file, res);
    } catch (error) {
      // The client went away, or the writer failed mid-file: cut the response so it is not taken for a whole file.
      answerError(req, res, error, log, 'report export');
    }
  };
  return (req, res, next) => {
    // Problem JSON: the database unavailable (503, Retry-After), a report too large for the
    // per-statement limit (503 TIMEOUT: ask for less, as over GraphQL), else a logged 500.
    handle(req, res).catch((error: unknown) => (res.headersSent ? next(error) : answerError(req, res, error, log, 'report export')));
  };
}
