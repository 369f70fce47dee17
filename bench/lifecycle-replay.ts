import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { replayLifecycle, type LifecycleTimeline } from '../src/domain/lifecycle/lifecycle-history';
import type { LifecycleStage } from '../src/domain/scoring/scoring.enums';
import { DEFAULT_SCORING_SETTINGS } from '../src/domain/scoring/scoring-settings';

/**
 * `npm run build && node dist/bench/lifecycle-replay.js [--customers 100] [--iterations 300] [--seed 7]`
 *
 * CPU cost of `replayLifecycle` for one page of customers, without a database: a synthetic
 * page of customers with three years of history each (30 completed orders in bursts and
 * silences, ratings, inquiries, qualifying follow-ups, a few overrides), replayed as the
 * `lifecycleHistory` loader does. Prints the milliseconds per page (median, mean, p95) and
 * a digest of the transitions, so two versions of the replay can be checked to agree.
 */
const TODAY = '2026-11-23';
const YEARS = 3;

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/** Deterministic 32-bit PRNG (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const dayOf = (n: number) => new Date(Date.parse(`${TODAY}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

function syntheticPage(customers: number, seed: number): LifecycleTimeline[] {
  const rnd = random(seed);
  const int = (min: number, max: number) => min + Math.floor(rnd() * (max - min + 1));
  const span = YEARS * 365;
  const stages: LifecycleStage[] = ['LEAD', 'PROSPECT', 'NEW', 'REPEAT', 'LOYAL', 'DORMANT', 'LOST'];
  const page: LifecycleTimeline[] = [];
  for (let c = 0; c < customers; c++) {
    const created = span - int(0, 30);
    // 30 orders in bursts separated by silences long enough to go dormant now and then.
    const orderAgo: number[] = [];
    let ago = created - int(10, 60);
    while (orderAgo.length < 30) {
      orderAgo.push(Math.max(ago, -5)); // a few dated after today
      ago -= rnd() < 0.15 ? int(100, 200) : int(3, 35);
      if (ago < 0) ago = int(-5, 20);
    }
    const orders = orderAgo
      .map((a, i) => ({ id: c * 1000 + i + 1, on: dayOf(a) }))
      .sort((x, y) => (x.on < y.on ? -1 : x.on > y.on ? 1 : x.id - y.id));
    const ratings = Array.from({ length: int(2, 8) }, () => ({ on: dayOf(int(0, created)), satisfaction: int(2, 5) }));
    const inquiries = Array.from({ length: int(1, 6) }, (_, i) => {
      const received = int(0, created);
      const open = rnd() < 0.2 ? null : int(0, 60);
      return { id: c * 1000 + 500 + i, receivedOn: dayOf(received), closedOn: open == null ? null : dayOf(received - open) };
    });
    const qualifyingFollowUps = Array.from({ length: int(2, 10) }, () => dayOf(int(0, created))).sort();
    const overrides: LifecycleTimeline['overrides'] = [];
    if (rnd() < 0.2) {
      const set = int(30, created);
      const cleared = rnd() < 0.5 ? null : Math.max(set - int(0, 120), 0);
      overrides.push({
        id: c + 1,
        stage: stages[int(0, stages.length - 1)],
        reason: 'bench',
        setOn: dayOf(set),
        setAt: new Date(Date.parse(`${dayOf(set)}T03:00:00Z`)),
        byUserId: null,
        clearedOn: cleared == null ? null : dayOf(cleared),
      });
    }
    page.push({ customerId: c + 1, createdOn: dayOf(created), orders, ratings, inquiries, qualifyingFollowUps, overrides });
  }
  return page;
}

function main(): void {
  const customers = option('customers', 100);
  const iterations = option('iterations', 300);
  const page = syntheticPage(customers, option('seed', 7));
  const rules = DEFAULT_SCORING_SETTINGS.lifecycle;
  const replayPage = () => page.map((t) => replayLifecycle(t, rules, TODAY));

  const digest = createHash('sha256').update(JSON.stringify(replayPage())).digest('hex').slice(0, 16);
  for (let i = 0; i < Math.min(50, iterations); i++) replayPage(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    replayPage();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  const mean = times.reduce((s, t) => s + t, 0) / times.length;
  const transitions = replayPage().reduce((s, h) => s + h.length, 0);
  console.log(
    `lifecycle replay: ${customers} customers × ${YEARS} years, 30 orders each; ${transitions} transitions per page; digest ${digest}\n` +
      `ms per page over ${iterations} pages: median ${at(0.5).toFixed(2)}, mean ${mean.toFixed(2)}, p95 ${at(0.95).toFixed(2)}, min ${times[0].toFixed(2)}`,
  );
}

main();
