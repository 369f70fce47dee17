export interface Side {
  rps: number;
  p50: number;
  p99: number;
  cpuMsPerRequest: number;
  peakRssMb: number;
  statementsPerRequest: number;
}

export interface ScenarioResult {
  id: string;
  title: string;
  sameAnswer: boolean;
  api: Side;
  baseline: Side;
}

export interface Report {
  date: string;
  machine: { cpus: number; model?: string; memoryGb: number; platform: string };
  versions: { node: string; postgres: string };
  settings: { connections: number; secondsPerRun: number; rounds: number };
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

const ratio = (a: number, b: number) => (b === 0 ? '—' : (a / b).toFixed(2));
const n = (v: number, digits = 1) => v.toFixed(digits);

export function renderMarkdown(r: Report): string {
  const rows = r.results.map((s) => {
    const t = TARGETS[s.id];
    const tp = s.api.rps / s.baseline.rps;
    const p99 = s.api.p99 / Math.max(s.baseline.p99, 1);
    const verdict = [
      tp >= t.throughput ? `throughput ≥ ${t.throughput} ✓` : `throughput ≥ ${t.throughput} ✗`,
      t.p99 ? (p99 <= t.p99 ? `p99 ≤ ${t.p99}× ✓` : `p99 ≤ ${t.p99}× ✗`) : '',
    ]
      .filter(Boolean)
      .join(', ');
    return (
      `| ${s.id} | ${n(s.api.rps, 0)} / ${n(s.baseline.rps, 0)} = **${ratio(s.api.rps, s.baseline.rps)}** | ` +
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
    `Load: autocannon, ${r.settings.connections} connections, ${r.settings.rounds} alternating rounds of ${r.settings.secondsPerRun} s per side; medians.`,
    '',
    'Each cell is API / baseline (hand-written SQL through `pg`, bare Node HTTP) measured in the same run; bold is the ratio.',
    '',
    '| scenario | throughput (req/s) | p50 | p99 | SQL statements / request | server CPU / request | peak RSS | same answer | targets |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    ...r.results.map((s) => `- **${s.id}** ${s.title}`),
    '',
  ].join('\n');
}
