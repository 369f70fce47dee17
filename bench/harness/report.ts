export interface Side {
  rps: number;
  p50: number;
  p99: number;
  cpuMsPerRequest: number;
  peakRssMb: number;
  /** Peak V8 heap in use and reserved (process.memoryUsage, sampled every 100 ms); absent in runs before 2026-12-06. */
  peakHeapUsedMb?: number;
  peakHeapTotalMb?: number;
  statementsPerRequest: number;
}

/** One statement of a side, from pg_stat_statements: calls and mean execution time. */
export interface StatementTime {
  calls: number;
  meanMs: number;
  query: string;
}

/** A streamed export (G3, G3X): the API's memory while it streams one file. */
export interface ExportResult {
  id: string;
  /** Which download of the case, in the same API process (1, 2, …). */
  pass: number;
  title: string;
  format: 'csv' | 'xlsx';
  /** The saved segment's rule. */
  query: string;
  /** segment.count before the export. */
  members: number;
  /** Data rows received (CSV: lines after the header; Excel: the member count). */
  rows: number;
  bytes: number;
  ms: number;
  firstByteMs: number;
  /** Whether the file starts with a UTF-8 BOM. */
  bom: boolean;
  /** CPU seconds of the API process during the export. */
  apiCpuSeconds: number;
  /** Median RSS of the API process over the 2 s before the request. */
  restRssMb: number;
  peakRssMb: number;
  /** Peak RSS in each quarter of the download time. */
  peakQuartersMb: number[];
  /** Least-squares slope of the RSS after the first tenth of the download, MB per minute; null for a download under 10 s. */
  slopeMbPerMin: number | null;
  /** RSS samples (every 100 ms) during the download. */
  samples: number;
  /** One sample a second: [seconds since the request, RSS MB, MiB received so far]. */
  series: number[][];
  loadAverage: number;
  /** Set when the server cut the response before the end (the figures are then up to the cut). */
  error?: string;
}

/** Single requests one after another (medians), for pages whose API side caches work (S1). */
export interface SequentialPageTimes {
  requests: number;
  /** The API with the company-wide scoring cut-points cached. */
  apiWarmMs: number;
  /** The API with that cache missed (data version bumped before each request). */
  apiColdMs: number;
  baselineMs: number;
  /** Mean execution time of the API's population statement (the cut-points), from pg_stat_statements. */
  apiPopulationMs: number;
  /** Mean execution time of the baseline's page statement. */
  baselineStatementMs: number;
  apiColdStatementsPerRequest: number;
  /** The API's statements during the cold requests, slowest first. */
  apiColdStatements: Array<{ calls: number; meanMs: number; query: string }>;
  samples: { apiWarm: number[]; apiCold: number[]; baseline: number[] };
}

export interface ScenarioResult {
  id: string;
  title: string;
  sameAnswer: boolean;
  api: Side;
  baseline: Side;
  /** When the scenario's load differs from the report's settings. */
  load?: { connections: number; secondsPerRun: number };
  /** Fields of the API's answer left out of the same-answer check. */
  notCompared?: string[];
  sequential?: SequentialPageTimes;
  /** Each side's statements while they were counted (`requests` requests one after another). */
  statements?: { requests: number; api: StatementTime[]; baseline: StatementTime[] };
  /** The machine's 1-minute load average when the scenario's measurements ended. */
  loadAverage?: number;
  /** The peer (`--peer postgraphile`), measured in the same rounds, and whether its answer (mapped onto the API's shape) was the same. */
  peer?: Side;
  peerSameAnswer?: boolean;
}

export interface Report {
  date: string;
  machine: { cpus: number; model?: string; memoryGb: number; platform: string };
  versions: { node: string; postgres: string };
  /** The peer's name and versions, when the run had one. */
  peer?: string;
  settings: { connections: number; secondsPerRun: number; rounds: number; apiStatementTimeoutMs?: number };
  /** 1-minute load averages before the first scenario and after the last (other work on a shared machine shows here). */
  conditions?: { loadAverageAtStart: number; loadAverageAtEnd: number };
  dataset: { database?: string; customers: number; orders: number; orderLines: number };
  results: ScenarioResult[];
  exports?: ExportResult[];
}

/**
 * Targets of issue 16 ("Request path at the speed of hand-written SQL"), reported against,
 * never asserted: throughput as a share of the baseline's, p99 as a multiple of its, and
 * (B5) statements per order. Peak RSS < 250 MB is reported in its column.
 */
const TARGETS: Record<string, { throughput: number; p99?: number; statements?: string }> = {
  B1: { throughput: 0.75, p99: 2, statements: '≤ 2 per nesting level' },
  B2: { throughput: 0.8, p99: 2, statements: '≤ 2 per nesting level' },
  B5: { throughput: 0.5, p99: 2, statements: '≤ 6 per order' },
  B7: { throughput: 0.9, p99: 2 },
};

/** Pages whose figures the API caches: a ratio to report, no target. */
const NO_TARGET = 'no target (ratio reported)';

const ratio = (a: number, b: number) => (b === 0 ? '—' : (a / b).toFixed(2));
const n = (v: number, digits = 1) => v.toFixed(digits);
/** Peak V8 heap in use of reserved, or a dash for a run that did not sample it. */
const heap = (side: Side) =>
  side.peakHeapUsedMb == null || side.peakHeapTotalMb == null ? '—' : `${n(side.peakHeapUsedMb, 0)} of ${n(side.peakHeapTotalMb, 0)} MB`;
/** Requests per second: whole numbers, one decimal below 10. */
const rps = (v: number) => n(v, v < 10 ? 1 : 0);

export function renderMarkdown(r: Report): string {
  const rows = r.results.map((s) => {
    const t = TARGETS[s.id];
    const tp = s.api.rps / s.baseline.rps;
    const p99 = s.api.p99 / Math.max(s.baseline.p99, 1);
    const verdict = !t
      ? NO_TARGET
      : [
          tp >= t.throughput ? `throughput ≥ ${t.throughput} ✓` : `throughput ≥ ${t.throughput} ✗`,
          t.p99 ? (p99 <= t.p99 ? `p99 ≤ ${t.p99}× ✓` : `p99 ≤ ${t.p99}× ✗`) : '',
        ]
          .filter(Boolean)
          .join(', ');
    return (
      `| ${s.id} | ${rps(s.api.rps)} / ${rps(s.baseline.rps)} = **${ratio(s.api.rps, s.baseline.rps)}** | ` +
      `${s.api.p50} / ${s.baseline.p50} ms | ${s.api.p99} / ${s.baseline.p99} ms = **${ratio(s.api.p99, Math.max(s.baseline.p99, 1))}** | ` +
      `${n(s.api.statementsPerRequest)} / ${n(s.baseline.statementsPerRequest)} | ` +
      `${n(s.api.cpuMsPerRequest, 2)} / ${n(s.baseline.cpuMsPerRequest, 2)} ms = **${ratio(s.api.cpuMsPerRequest, s.baseline.cpuMsPerRequest)}** | ` +
      `${n(s.api.peakRssMb, 0)} / ${n(s.baseline.peakRssMb, 0)} MB | ${heap(s.api)} / ${heap(s.baseline)} | ${s.sameAnswer ? 'yes' : '**no**'} | ${verdict} |`
    );
  });
  return [
    `# Benchmarks ${r.date.slice(0, 10)}`,
    '',
    `Machine: ${r.machine.cpus} cores (${r.machine.model ?? 'unknown'}), ${r.machine.memoryGb} GB, ${r.machine.platform}. ` +
      `Node ${r.versions.node}, PostgreSQL ${r.versions.postgres}.`,
    `Dataset${r.dataset.database ? ` (database \`${r.dataset.database}\`)` : ''}: ${r.dataset.customers.toLocaleString('en')} customers, ${r.dataset.orders.toLocaleString('en')} orders, ` +
      `${r.dataset.orderLines.toLocaleString('en')} order lines.`,
    `Load: autocannon, ${r.settings.connections} connections, ${r.settings.rounds} alternating rounds of ${r.settings.secondsPerRun} s per side; medians.` +
      (r.settings.apiStatementTimeoutMs != null
        ? ` The API ran with DB_STATEMENT_TIMEOUT_MS=${r.settings.apiStatementTimeoutMs}${r.settings.apiStatementTimeoutMs === 0 ? ' (no statement timeout)' : ''}.`
        : '') +
      (r.conditions
        ? ` Machine load average (1 min, the benchmark's own processes included) ${r.conditions.loadAverageAtStart.toFixed(1)} before the first scenario, ` +
          `${r.results
            .map((s) => (s.loadAverage == null ? '' : `${s.loadAverage.toFixed(1)} after ${s.id}`))
            .filter(Boolean)
            .join(', ')} ` +
          `(${r.machine.cpus} cores, shared with other work).`
        : ''),
    '',
    'Each cell is API / baseline (hand-written SQL through `pg`, bare Node HTTP) measured in the same run; bold is the ratio.',
    '',
    ...(rows.length
      ? [
          '| scenario | throughput (req/s) | p50 | p99 | SQL statements / request | server CPU / request | peak RSS | peak heap used of reserved | same answer | targets |',
          '|---|---|---|---|---|---|---|---|---|---|',
          ...rows,
          '',
        ]
      : []),
    ...r.results.map((s) => {
      const notes = [
        s.load ? `load: ${s.load.connections} connections, ${s.load.secondsPerRun} s per run` : '',
        s.notCompared?.length
          ? `not in the same-answer check (the baseline does not produce them): ${s.notCompared.map((f) => `\`${f}\``).join(', ')}`
          : '',
      ].filter(Boolean);
      return `- **${s.id}** ${s.title}${notes.length ? ` (${notes.join('; ')})` : ''}`;
    }),
    '',
    ...(r.peer ? peerSection(r.peer, r.results) : []),
    ...r.results.filter((s) => s.sequential).flatMap((s) => sequentialSection(s.id, s.sequential!)),
    ...r.results.filter((s) => s.statements).flatMap((s) => statementSection(s.id, s.statements!)),
    ...(r.exports?.length ? exportSection(r.exports) : []),
  ].join('\n');
}

/** The peer beside the API and the baseline: the API must be at least as fast as the peer (issue 16). */
function peerSection(peer: string, results: ScenarioResult[]): string[] {
  const measured = results.filter((s) => s.peer);
  const cell = (f: (side: Side) => string, s: ScenarioResult) => `${f(s.api)} / ${f(s.peer!)} / ${f(s.baseline)}`;
  return [
    `## Peer: ${peer}`,
    '',
    'Each cell is API / peer / baseline, measured in the same interleaved rounds; the peer serves the bench database through a read-only role, ' +
      "behind the baseline's session check (one statement per request). " +
      "Its answers are mapped onto the API's shape (row ids to global ids, timestamps to milliseconds) and compared with the API's.",
    '',
    '| scenario | throughput (req/s) | API / baseline | peer / baseline | API / peer | p99 | server CPU / request | SQL statements / request | peak RSS | peak heap used of reserved | same answer as the API | API ≥ 1.0× peer |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...measured.map((s) => {
      const vsPeer = s.api.rps / s.peer!.rps;
      return (
        `| ${s.id} | ${cell((x) => rps(x.rps), s)} | **${ratio(s.api.rps, s.baseline.rps)}** | **${ratio(s.peer!.rps, s.baseline.rps)}** | **${vsPeer.toFixed(2)}** | ` +
        `${cell((x) => `${x.p99}`, s)} ms | ${cell((x) => n(x.cpuMsPerRequest, 2), s)} ms | ${cell((x) => n(x.statementsPerRequest), s)} | ` +
        `${cell((x) => n(x.peakRssMb, 0), s)} MB | ${heap(s.api)} / ${heap(s.peer!)} / ${heap(s.baseline)} | ${s.peerSameAnswer ? 'yes' : '**no**'} | ${vsPeer >= 1 ? '✓' : '✗'} |`
      );
    }),
    '',
  ];
}

function statementSection(id: string, st: NonNullable<ScenarioResult['statements']>): string[] {
  const line = (x: StatementTime) => `| ${n(x.meanMs, 2)} ms | ${x.calls} | \`${x.query.replace(/`/g, "'").replace(/\|/g, '\\|')}…\` |`;
  return [
    `## ${id}: statements`,
    '',
    `Each side's statements over ${st.requests} requests sent one after another (pg_stat_statements, by the role of each server; mean execution time per call, slowest first).`,
    '',
    '| side | mean | calls | statement |',
    '|---|---|---|---|',
    ...st.api.map((x) => `| API ${line(x)}`),
    ...st.baseline.map((x) => `| baseline ${line(x)}`),
    '',
  ];
}

function exportSection(exports: ExportResult[]): string[] {
  const mb = (v: number) => n(v, 0);
  return [
    '## Streamed exports: memory of the API process',
    '',
    'One request each (a saved segment made for the run through `segmentCreate`), read as fast as the client takes it. ' +
      'RSS of the API process sampled every 100 ms: at rest is the median over the 2 s before the request; the slope is a ' +
      'least-squares fit over the download after its first tenth (≈ 0 when memory stays flat; — for a download under 10 s, ' +
      "where it would measure the garbage collector's saw-tooth).",
    '',
    '| export | segment | rows | bytes | time | first byte | API CPU | RSS at rest | peak RSS | peak − rest | peak per quarter of the download | slope |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...exports.map(
      (e) =>
        `| ${e.id} (${e.format})${e.pass > 1 || exports.some((x) => x.id === e.id && x.pass > 1) ? ` #${e.pass}` : ''}${e.error ? ' **failed**' : ''} | \`${e.query}\` | ${e.rows.toLocaleString('en')}${e.rows === e.members ? '' : ` (of ${e.members.toLocaleString('en')})`} | ` +
        `${(e.bytes / 2 ** 20).toFixed(1)} MiB | ${n(e.ms / 1000)} s | ${e.firstByteMs} ms | ${n(e.apiCpuSeconds)} s | ${mb(e.restRssMb)} MB | ` +
        `${mb(e.peakRssMb)} MB | ${mb(e.peakRssMb - e.restRssMb)} MB | ${e.peakQuartersMb.map(mb).join(' / ')} MB | ${e.slopeMbPerMin == null ? '—' : `${e.slopeMbPerMin.toFixed(2)} MB/min`} |`,
    ),
    '',
    ...exports
      .filter((e) => e.pass === 1)
      .map(
        (e) =>
          `- **${e.id}** ${e.title}${exports.filter((x) => x.id === e.id).length > 1 ? ` (${exports.filter((x) => x.id === e.id).length} downloads one after another)` : ''}${e.format === 'csv' ? ` (starts with a UTF-8 BOM: ${e.bom ? 'yes' : '**no**'})` : ''}; load average ${e.loadAverage.toFixed(1)} after it.` +
          (e.error
            ? ` **Failed**: the server cut the response after ${n(e.ms / 1000)} s (${e.error}); the figures are up to the cut.`
            : ''),
      ),
    '',
  ];
}

function sequentialSection(id: string, t: SequentialPageTimes): string[] {
  return [
    `## ${id}: one request at a time`,
    '',
    `Medians of ${t.requests} single requests sent one after another (no concurrency). The API keeps the company-wide ` +
      'cut-points (RFM quintiles, profit percentiles, tier and ABC cuts) until the data, the settings or the day change; ' +
      '"cold" bumps the data version before each request, as every committed write does, so each request recomputes them. ' +
      'The baseline computes them in its one statement on every request. (In the table above, server CPU counts the Node ' +
      "process only: most of the baseline's work is in PostgreSQL.)",
    '',
    '| | time | ratio to the baseline |',
    '|---|---|---|',
    `| API, cut-points cached (warm) | ${n(t.apiWarmMs)} ms | **${ratio(t.apiWarmMs, t.baselineMs)}** |`,
    `| API, cut-points recomputed (cold) | ${n(t.apiColdMs)} ms | **${ratio(t.apiColdMs, t.baselineMs)}** |`,
    `| — of which the population statement (pg_stat_statements, mean) | ${n(t.apiPopulationMs)} ms | |`,
    `| baseline (hand-written SQL, cut-points inline) | ${n(t.baselineMs)} ms | 1.00 |`,
    `| — of which its statement (pg_stat_statements, mean) | ${n(t.baselineStatementMs)} ms | |`,
    '',
    `Statements per cold API request: ${n(t.apiColdStatementsPerRequest)}. The slowest, mean per call:`,
    '',
    ...t.apiColdStatements.map((st) => `- ${n(st.meanMs)} ms × ${st.calls}: \`${st.query.replace(/`/g, "'")}…\``),
    '',
  ];
}
