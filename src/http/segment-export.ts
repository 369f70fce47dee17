import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { MikroORM } from '@mikro-orm/postgresql';
import { stringify } from 'csv-stringify';
import type express from 'express';
import type { Logger } from 'pino';
import QueryStream from 'pg-query-stream';
import type { Config } from '../config';
import { decideAccess, type Viewer } from '../domain/access/viewer';
import {
  CONTACT_CHANNELS,
  CUSTOMER_KINDS,
  CUSTOMER_SOURCES,
  type ContactChannel,
  type Locale,
  type Vocabulary,
} from '../domain/customer/customer.enums';
import { TOUCH_PURPOSES, type TouchPurpose } from '../domain/reminders/reminder.enums';
import { sql, type SqlFragment } from '../domain/common/sql';
import { segmentMembersQuerySql } from '../domain/segments/segment.sql';
import { localeFromAcceptLanguage } from '../domain/common/locale';
import { say, type Bilingual } from '../domain/common/bilingual';
import { calendarDayIn } from '../domain/common/calendar';
import { localIdOf, toGlobalId } from '../domain/common/global-id';
import { authenticate } from '../services/auth.service';
import type { RateLimiter } from '../server/rate-limit';
import { chargeExport } from './export-charge';
import { ScoringService } from '../services/scoring.service';
import { takeExportSlot } from '../services/export-slots';
import type { EligibleFor } from '../services/marketing-cap';
import { SegmentService } from '../services/segment.service';
import type { ServiceContext } from '../services/service-context';
import { heavyRead } from '../services/read-routing';
import { readRouteFor } from './read-route';
import { xlsxStream } from '../lib/xlsx-stream';
import { answerError, sendProblem } from './errors';
import { credentialsOf } from './headers';
import { SIGN_IN_MESSAGE } from '../resolvers/access';

/**
 * Segment export (DOMAIN G3): `GET /exports/segments/<id>.csv` and `.xlsx`, the members the
 * viewer may see, streamed with constant memory: a server-side cursor reads the rows in
 * batches as the response drains (backpressure through `pipeline` for both formats), in one
 * read-only snapshot. The CSV starts with a UTF-8 BOM so Excel shows Chinese; the Excel file
 * is written by `xlsx-stream.ts`.
 */

export type ExportFormat = 'csv' | 'xlsx';

interface ExportColumn {
  key: string;
  header: { zh: string; en: string };
  width: number;
  /** Text of the cell from the row (codes become labels). */
  value(row: ExportRow, locale: Locale): string | number | null;
}

type ExportRow = Record<string, unknown>;

const text = (key: string) => (row: ExportRow) => (row[key] == null ? null : String(row[key]));
function label<T extends string>(vocab: Vocabulary<T>, key: string) {
  return (row: ExportRow, locale: Locale) => {
    const code = row[key] as T | null;
    return code == null ? null : (vocab.labels[code]?.[locale] ?? code);
  };
}

export const EXPORT_COLUMNS: readonly ExportColumn[] = [
  { key: 'id', header: { zh: 'ID', en: 'ID' }, width: 16, value: (row) => toGlobalId('Customer', Number(row.id)) },
  { key: 'name', header: { zh: '客户名称', en: 'Name' }, width: 24, value: text('name') },
  { key: 'kind', header: { zh: '类型', en: 'Kind' }, width: 8, value: label(CUSTOMER_KINDS, 'kind') },
  { key: 'company_name', header: { zh: '公司', en: 'Company' }, width: 24, value: text('company_name') },
  { key: 'phone', header: { zh: '电话', en: 'Phone' }, width: 16, value: text('phone') },
  { key: 'email', header: { zh: '邮箱', en: 'Email' }, width: 26, value: text('email') },
  { key: 'province', header: { zh: '省份', en: 'Province' }, width: 10, value: text('province') },
  { key: 'city', header: { zh: '城市', en: 'City' }, width: 10, value: text('city') },
  {
    key: 'city_tier',
    header: { zh: '城市等级', en: 'City tier' },
    width: 8,
    value: (row) => (row.city_tier == null ? null : Number(row.city_tier)),
  },
  { key: 'source', header: { zh: '来源', en: 'Source' }, width: 10, value: label(CUSTOMER_SOURCES, 'source') },
  { key: 'industry', header: { zh: '行业', en: 'Industry' }, width: 14, value: text('industry') },
  { key: 'tags', header: { zh: '标签', en: 'Tags' }, width: 20, value: text('tags') },
  { key: 'order_count', header: { zh: '成交订单数', en: 'Completed orders' }, width: 10, value: (row) => Number(row.order_count ?? 0) },
  { key: 'total_spent', header: { zh: '累计消费', en: 'Total spent' }, width: 14, value: text('total_spent') },
  { key: 'last_order_on', header: { zh: '最近成交日', en: 'Last order' }, width: 12, value: text('last_order_on') },
  { key: 'last_follow_up_on', header: { zh: '最近跟进日', en: 'Last follow-up' }, width: 12, value: text('last_follow_up_on') },
];

/** The export statement: the members' profile and a few figures, by customer id. */
export function segmentExportSql(members: SqlFragment, timeZone: string): SqlFragment {
  return sql`select c.id, c.name, c.kind, c.company_name, c.phone, c.email, c.province, c.city, c.city_tier, c.source, c.industry,
         array_to_string(c.tags, '; ') as tags,
         coalesce(s.order_count, 0) as order_count, coalesce(s.total_spent, 0)::text as total_spent,
         to_char(s.last_order_at at time zone ${timeZone}, 'YYYY-MM-DD') as last_order_on,
         to_char(s.last_follow_up_at at time zone ${timeZone}, 'YYYY-MM-DD') as last_follow_up_on
    from (${members}) m
    join customer c on c.id = m.id
    left join customer_stats s on s.customer_id = c.id
   order by c.id`;
}

/**
 * A text cell that a spreadsheet would run as a formula (`=`, `@`, or `+`/`-` not starting a
 * plain number, e.g. a name typed as `=HYPERLINK(…)`) gets a leading apostrophe (OWASP's CSV
 * injection advice). Phone numbers such as `+8613800000000` stay as they are.
 */
export function neutraliseFormula(value: string): string {
  if (/^[=@\t\r]/.test(value)) return `'${value}`;
  if (/^[+-]/.test(value) && !/^[+-]\d[\d.\s]*$/.test(value)) return `'${value}`;
  return value;
}

/** `attachment` with an ASCII fallback name (`asciiName`, else `name` with `_` for what is not ASCII) and the UTF-8 name (RFC 6266 / RFC 5987). */
export function contentDisposition(name: string, format: ExportFormat, asciiName?: string): string {
  const safe = (n: string) => `${n.replace(/[\\/:*?"<>|\x00-\x1f\x7f]/g, '_').trim() || 'segment'}.${format}`;
  const file = safe(name);
  const ascii = safe(asciiName ?? name)
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(file).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * A segment export's file name on the company day `day`: the segment's name and the day
 * (`上海客户 2026-2026-12-07`), and for clients that only read the ASCII `filename=`,
 * `segment-<slug>-<day>` where the slug is the name's Latin letters and digits, or the
 * segment's id when it has none (`segment-vip-2026-12-07`, `segment-12-2026-12-07`).
 */
export function segmentFileName(segment: { id: number; name: string }, day: string): { ascii: string; local: string } {
  const slug = segment.name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return { ascii: `segment-${slug || segment.id}-${day}`, local: `${segment.name}-${day}` };
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

interface PgClient {
  query(text: string): Promise<unknown>;
  query(submittable: QueryStream): QueryStream;
  __knex__disposed?: unknown;
}

/**
 * `?channel=SMS&purpose=PROMOTION`: only the members who may be sent that message now (the
 * marketing eligibility of `segment.members(eligibleFor:)`); both or neither, each once.
 */
export function eligibleForOf(
  query: Record<string, unknown>,
): { ok: true; eligibleFor: EligibleFor | null } | { ok: false; message: Bilingual } {
  const { channel, purpose } = query;
  if (channel === undefined && purpose === undefined) return { ok: true, eligibleFor: null };
  if (typeof channel !== 'string' || typeof purpose !== 'string') {
    return {
      ok: false,
      message: say(
        'channel 和 purpose 要么都给（各一次，例如 ?channel=SMS&purpose=PROMOTION），要么都不给。',
        'Give both channel and purpose, once each (e.g. ?channel=SMS&purpose=PROMOTION), or neither.',
      ),
    };
  }
  if (!CONTACT_CHANNELS.values.includes(channel as ContactChannel)) {
    return {
      ok: false,
      message: say(
        `未知的 channel“${channel}”；应为 ${CONTACT_CHANNELS.values.join('、')} 之一。`,
        `Unknown channel "${channel}"; one of ${CONTACT_CHANNELS.values.join(', ')}.`,
      ),
    };
  }
  if (!TOUCH_PURPOSES.values.includes(purpose as TouchPurpose)) {
    return {
      ok: false,
      message: say(
        `未知的 purpose“${purpose}”；应为 ${TOUCH_PURPOSES.values.join('、')} 之一。`,
        `Unknown purpose "${purpose}"; one of ${TOUCH_PURPOSES.values.join(', ')}.`,
      ),
    };
  }
  return { ok: true, eligibleFor: { channel: channel as ContactChannel, purpose: purpose as TouchPurpose } };
}

/** When a refused export (no slot free) should be asked for again. */
const EXPORT_RETRY_AFTER_SECONDS = 5;

/** How long a slow download may keep the snapshot open between two batches. */
const IDLE_WHILE_STREAMING = '10min';
/** PostgreSQL counts the whole cursor read as one statement: the API's per-statement limit would cut a large export off. */
const EXPORT_STATEMENT_TIMEOUT = '30min';

/**
 * The `GET /exports/segments/:file` handler: authorized like the API (bearer token or
 * `X-Api-Key`; keys need `segments:read` and `customers:read`), members within the viewer's data scope, 404 for
 * an unknown segment or format, 400 for a bad `channel`/`purpose` (`eligibleForOf`).
 */
export function segmentExportHandler(orm: MikroORM, config: Config, log: Logger, limiter?: RateLimiter): express.RequestHandler {
  const handle = async (req: express.Request, res: express.Response): Promise<void> => {
    const match = /^(.+)\.(csv|xlsx)$/.exec(String(req.params.file ?? ''));
    const em = orm.em.fork();
    const now = new Date();
    const viewer: Viewer | null = await authenticate(em, credentialsOf(req), now, config.auth.apiKeyTouchIntervalMs);
    if (!viewer)
      return sendProblem(req, res, {
        code: 'UNAUTHENTICATED',
        message: SIGN_IN_MESSAGE,
      });
    // The file lists members' profiles: customer data, as segment.members in the API.
    if (decideAccess(viewer, { scope: 'segments:read' }) !== 'ALLOWED' || decideAccess(viewer, { scope: 'customers:read' }) !== 'ALLOWED') {
      return sendProblem(req, res, {
        code: 'FORBIDDEN',
        message: say(
          '导出客户分群需要 segments:read 和 customers:read 权限范围。',
          'Exporting a segment needs the segments:read and customers:read scopes.',
        ),
      });
    }
    if (!match) {
      return sendProblem(req, res, {
        code: 'NOT_FOUND',
        message: say('请求 /exports/segments/<客户分群 id>.csv 或 .xlsx。', 'Ask for /exports/segments/<segment id>.csv or .xlsx.'),
      });
    }
    const format = match[2] as ExportFormat;
    const eligibility = eligibleForOf(req.query);
    if (!eligibility.ok) return sendProblem(req, res, { code: 'BAD_USER_INPUT', message: eligibility.message });
    const ctx: ServiceContext = { em, viewer, now: () => now, config, reads: readRouteFor(orm, em, viewer, req) };
    const segments = new SegmentService(ctx, new ScoringService(ctx));
    const segment = await segments.byId(localIdOf(match[1], 'Segment'));
    if (!segment) {
      return sendProblem(req, res, {
        code: 'NOT_FOUND',
        message: say(`没有 id 为“${match[1]}”的客户分群。`, `No segment with id "${match[1]}".`),
      });
    }
    const throttled = await chargeExport(limiter, em, viewer, config.rateLimit.exportCost);
    if (throttled) return sendProblem(req, res, throttled);
    const rule = SegmentService.ruleOf(segment);
    const restrict = await segments.eligibility(eligibility.eligibleFor);
    const members = segmentMembersQuerySql(rule.node, await segments.sqlContextFor(rule.node), segments.scope(), restrict);
    const exportSql = segmentExportSql(members, config.companyTimeZone);
    const statement = em
      .getKnex()
      .raw(exportSql.sql, exportSql.params as never[])
      .toSQL()
      .toNative();
    const locale: Locale = localeFromAcceptLanguage(req.get('accept-language'));

    const slot = takeExportSlot(viewer, { perViewer: config.db.viewerExports, poolMax: config.db.poolMax });
    if (!slot.ok) {
      return slot.reason === 'VIEWER'
        ? sendProblem(req, res, {
            code: 'TOO_MANY_REQUESTS',
            message: say(
              `你已有 ${config.db.viewerExports} 个导出正在下载；请等其中一个完成后再试。`,
              `You already have ${config.db.viewerExports} exports downloading; retry when one has finished.`,
            ),
            retryAfterSeconds: EXPORT_RETRY_AFTER_SECONDS,
          })
        : sendProblem(req, res, {
            code: 'SERVICE_UNAVAILABLE',
            message: say(
              '服务器同时进行的导出已达上限；请稍后再试。',
              'The server is streaming as many exports as it allows at once; retry shortly.',
            ),
            retryAfterSeconds: EXPORT_RETRY_AFTER_SECONDS,
          });
    }
    // The snapshot is opened where heavy reads go (a replica near enough, else the primary):
    // a connection of that pool, held while the file streams.
    let knex: ReturnType<typeof em.getKnex>;
    let conn: PgClient;
    try {
      ({ knex, conn } = await heavyRead(ctx, async (on) => {
        const pool = on.getKnex();
        const taken = (await pool.client.acquireConnection()) as PgClient;
        try {
          await taken.query('begin isolation level repeatable read read only');
        } catch (error) {
          taken.__knex__disposed = error;
          await pool.client.releaseConnection(taken);
          throw error;
        }
        return { knex: pool, conn: taken };
      }));
    } catch (error) {
      slot.release();
      throw error;
    }
    try {
      await conn.query(`set local idle_in_transaction_session_timeout = '${IDLE_WHILE_STREAMING}'`);
      await conn.query(`set local statement_timeout = '${EXPORT_STATEMENT_TIMEOUT}'`);
      // knex's native form of the `?` placeholders (the same conversion em.execute makes): $1, $2, …
      const rows = conn.query(new QueryStream(statement.sql, statement.bindings as unknown[], { batchSize: 500, highWaterMark: 500 }));
      res.status(200);
      res.setHeader('Content-Type', CONTENT_TYPES[format]);
      const file = segmentFileName(segment, calendarDayIn(now, config.companyTimeZone));
      res.setHeader('Content-Disposition', contentDisposition(file.local, format, file.ascii));
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      if (format === 'csv') await writeCsv(rows, res, locale);
      else await writeXlsx(rows, res, locale, segment.name);
      await conn.query('commit');
    } catch (error) {
      await conn.query('rollback').catch(() => {
        // The connection is in no state to be reused: the pool drops it.
        conn.__knex__disposed = error;
      });
      // Problem JSON before the first byte; a mid-stream failure or a client gone away cuts the response.
      answerError(req, res, error, log, 'segment export');
    } finally {
      await knex.client.releaseConnection(conn);
      slot.release();
    }
  };
  return (req, res, next) => {
    handle(req, res).catch((error: unknown) => (res.headersSent ? next(error) : answerError(req, res, error, log, 'segment export')));
  };
}

async function writeCsv(rows: QueryStream, res: express.Response, locale: Locale): Promise<void> {
  const toRecord = new Transform({
    objectMode: true,
    transform(row: ExportRow, _encoding, done) {
      done(
        null,
        EXPORT_COLUMNS.map((c) => {
          const value = c.value(row, locale);
          return typeof value === 'string' ? neutraliseFormula(value) : value;
        }),
      );
    },
  });
  const csv = stringify({ bom: true, header: true, columns: EXPORT_COLUMNS.map((c) => c.header[locale]), record_delimiter: 'windows' });
  await pipeline(rows, toRecord, csv, res);
}

async function writeXlsx(rows: QueryStream, res: express.Response, locale: Locale, sheetName: string): Promise<void> {
  const cells = (async function* () {
    for await (const row of rows as AsyncIterable<ExportRow>) yield EXPORT_COLUMNS.map((c) => c.value(row, locale));
  })();
  const columns = EXPORT_COLUMNS.map((c) => ({ header: c.header[locale], width: c.width }));
  try {
    await pipeline(xlsxStream(cells, { sheetName, columns }), res);
  } finally {
    if (!rows.destroyed) rows.destroy();
  }
}
