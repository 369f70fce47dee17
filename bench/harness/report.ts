export interface Side {
  rps: number;
  p50: number;
  p99: number;
  cpuMsPerRequest: number;
  peakRssMb: number;
  statementsPerRequest: number;
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
  /** The machine's 1-minute load average when the scenario's measurements ended. */
  loadAverage?: number;
}

export interface Report {
  date: string;
  machine: { cpus: number; model?: string; memoryGb: number; platform: string };
  versions: { node: string; postgres: string };
  settings: { connections: number; secondsPerRun: number; rounds: number };
  /** 1-minute load averages before the first scenario and after the last (other work on a shared machine shows here). */
  conditions?: { loadAverageAtStart: number; loadAverageAtEnd: number };
  dataset: { customers: number; orders: number; orderLines: number };
  results: ScenarioResult[];
}

/** Targets of the benchmarks issue, reported against, never asserted. */
const TARGETS: Record<string, { throughput: number; p99?: number; statements?: string }> = {
  B1: { throughput: 0.6, p99: 3, statements: '≤ 2 per nesting level' },
  B2: { throughput: 0.6, p99: 3, statements: '≤ 2 per nesting level' },
  B5: { throughput: 0.5, statements: '≤ 6 per order' },
  B7: { throughput: 0.5 },
};

/** Pages whose figures the API caches: a ratio to report, no target. */
const NO_TARGET = 'no target (ratio reported)';

const ratio = (a: number, b: number) => (b === 0 ? '—' : (a / b).toFixed(2));
const n = (v: number, digits = 1) => v.toFixed(digits);
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
      `${n(s.api.peakRssMb, 0)} / ${n(s.baseline.peakRssMb, 0)} MB | ${s.sameAnswer ? 'yes' : '**no**'} | ${verdict} |`
    );
  });
  return [
    `# Benchmarks ${r.date.slice(0, 10)}`,
    '',
    `Machine: ${r.machine.cpus} cores (${r.machine.model ?? 'unknown'}), ${r.machine.memoryGb} GB, ${r.machine.platform}. ` +
      `Node ${r.versions.node}, PostgreSQL ${r.versions.postgres}.`,
    `Dataset: ${r.dataset.customers.toLocaleString('en')} customers, ${r.dataset.orders.toLocaleString('en')} orders, ` +
      `${r.dataset.orderLines.toLocaleString('en')} order lines.`,
    `Load: autocannon, ${r.settings.connections} connections, ${r.settings.rounds} alternating rounds of ${r.settings.secondsPerRun} s per side; medians.` +
      (r.conditions
        ? ` Machine load average (1 min, the benchmark's own processes included) ${r.conditions.loadAverageAtStart.toFixed(1)} before the first scenario, ` +
          `${r.results.map((s) => (s.loadAverage == null ? '' : `${s.loadAverage.toFixed(1)} after ${s.id}`)).filter(Boolean).join(', ')} ` +
          `(${r.machine.cpus} cores, shared with other work).`
        : ''),
    '',
    'Each cell is API / baseline (hand-written SQL through `pg`, bare Node HTTP) measured in the same run; bold is the ratio.',
    '',
    '| scenario | throughput (req/s) | p50 | p99 | SQL statements / request | server CPU / request | peak RSS | same answer | targets |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    ...r.results.map((s) => {
      const notes = [
        s.load ? `load: ${s.load.connections} connections, ${s.load.secondsPerRun} s per run` : '',
        s.notCompared?.length ? `not in the same-answer check (the baseline does not produce them): ${s.notCompared.map((f) => `\`${f}\``).join(', ')}` : '',
      ].filter(Boolean);
      return `- **${s.id}** ${s.title}${notes.length ? ` (${notes.join('; ')})` : ''}`;
    }),
    '',
    ...r.results.filter((s) => s.sequential).flatMap((s) => sequentialSection(s.id, s.sequential!)),
  ].join('\n');
}

function sequentialSection(id: string, t: SequentialPageTimes): string[] {
  return [
    `## ${id}: one request at a time`,
    '',
    `Medians of ${t.requests} single requests sent one after another (no concurrency). The API keeps the company-wide ` +
      'cut-points (RFM quintiles, profit percentiles, tier and ABC cuts) until the data, the settings or the day change; ' +
      '"cold" bumps the data version before each request, as every committed write does, so each request recomputes them. ' +
      'The baseline computes them in its one statement on every request. (In the table above, server CPU counts the Node ' +
      'process only: most of the baseline\'s work is in PostgreSQL.)',
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
