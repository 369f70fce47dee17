/**
 * Matched portfolios (DOMAIN C7, [003] "适当给一部分好维护的客户,也可分配点挑战性的"): which
 * customers to hand to a salesperson so that the handed set's value tiers and lifecycle
 * stages come as close as possible to a requested mix.
 *
 * The closeness of a set to the mix is its score (`mixScore`): for each requested dimension,
 * how many of the set fall within their class's target count. The best set of a given size is
 * a minimum-cost flow (source → value tier → lifecycle stage → sink, each candidate an edge of
 * capacity one between its tier and its stage, a unit within a class's target costing −1): the
 * flow of that size with the least cost is a set with the highest score. Two dimensions do
 * not let a greedy pick find it (the test shows a case); the graph has a dozen nodes, so even
 * 1,000 customers out of 5,000 take a few milliseconds.
 */
import { say } from '../common/bilingual';
import { userError, type UserErrorData } from '../common/domain-error';

export interface PortfolioCandidate<T extends string, S extends string> {
  id: number;
  tier: T;
  stage: S;
}

/** Shares per class, each in [0, 1], summing to 1 (the caller checks). */
export type Shares<K extends string> = Partial<Record<K, number>>;

export interface PortfolioMix<T extends string, S extends string> {
  tiers?: Shares<T> | null;
  stages?: Shares<S> | null;
}

/** `n` split by the shares, largest remainder first (ties to the class listed first); sums to `n`. */
export function targetCounts<K extends string>(shares: Shares<K>, n: number): Record<K, number> {
  const entries = Object.entries(shares) as Array<[K, number]>;
  const exact = entries.map(([key, share]) => ({ key, exact: share * n, count: Math.floor(share * n + 1e-9) }));
  let left = n - exact.reduce((sum, e) => sum + e.count, 0);
  const byRemainder = [...exact].sort((a, b) => b.exact - b.count - (a.exact - a.count));
  for (const e of byRemainder) {
    if (left <= 0) break;
    e.count += 1;
    left -= 1;
  }
  return Object.fromEntries(exact.map((e) => [e.key, e.count])) as Record<K, number>;
}

/** How many of the set fall within their class's target, summed over the requested dimensions. */
export function mixScore<T extends string, S extends string>(
  chosen: ReadonlyArray<PortfolioCandidate<T, S>>,
  n: number,
  mix: PortfolioMix<T, S>,
): number {
  const within = <K extends string>(shares: Shares<K> | null | undefined, classOf: (c: PortfolioCandidate<T, S>) => K) => {
    if (!shares) return 0;
    const targets = targetCounts(shares, n);
    const counts = new Map<K, number>();
    for (const c of chosen) counts.set(classOf(c), (counts.get(classOf(c)) ?? 0) + 1);
    return [...counts].reduce((sum, [k, count]) => sum + Math.min(count, targets[k] ?? 0), 0);
  };
  return within(mix.tiers, (c) => c.tier) + within(mix.stages, (c) => c.stage);
}

/**
 * The ids of up to `count` candidates (all when there are fewer) whose mix scores highest,
 * in the order the candidates were given; within a class the earlier candidates are taken
 * first, and without a mix the first `count`. A dimension without shares plays no part.
 */
export function choosePortfolio<T extends string, S extends string>(
  candidates: ReadonlyArray<PortfolioCandidate<T, S>>,
  count: number,
  mix: PortfolioMix<T, S>,
): number[] {
  const n = Math.max(0, Math.min(count, candidates.length));
  if (!mix.tiers && !mix.stages) return candidates.slice(0, n).map((c) => c.id);

  // Classes of a dimension without shares collapse into one, so the order given decides there.
  const tierOf = (c: PortfolioCandidate<T, S>): string => (mix.tiers ? c.tier : '*');
  const stageOf = (c: PortfolioCandidate<T, S>): string => (mix.stages ? c.stage : '*');
  const tiers = [...new Set(candidates.map(tierOf))];
  const stages = [...new Set(candidates.map(stageOf))];
  const tierTargets: Record<string, number> = mix.tiers ? targetCounts(mix.tiers, n) : {};
  const stageTargets: Record<string, number> = mix.stages ? targetCounts(mix.stages, n) : {};

  const graph = new FlowGraph(2 + tiers.length + stages.length);
  const source = 0;
  const sink = 1;
  const tierNode = (t: string) => 2 + tiers.indexOf(t);
  const stageNode = (s: string) => 2 + tiers.length + stages.indexOf(s);
  for (const t of tiers) {
    if (tierTargets[t]) graph.add(source, tierNode(t), tierTargets[t], -1);
    graph.add(source, tierNode(t), n, 0);
  }
  for (const s of stages) {
    if (stageTargets[s]) graph.add(stageNode(s), sink, stageTargets[s], -1);
    graph.add(stageNode(s), sink, n, 0);
  }
  const cells = new Map<string, Array<PortfolioCandidate<T, S>>>();
  for (const c of candidates) {
    const key = `${tierOf(c)}\u0000${stageOf(c)}`;
    if (!cells.has(key)) cells.set(key, []);
    cells.get(key)!.push(c);
  }
  const cellEdges = [...cells].map(([key, members]) => {
    const [t, s] = key.split('\u0000');
    return { members, edge: graph.add(tierNode(t), stageNode(s), members.length, 0) };
  });
  graph.minCostFlow(source, sink, n);
  const chosen = new Set(cellEdges.flatMap(({ members, edge }) => members.slice(0, graph.flowOn(edge)).map((c) => c.id)));
  return candidates.filter((c) => chosen.has(c.id)).map((c) => c.id);
}

/** A share as a client lists it: a class and its part of the whole. */
export interface ShareLine<K extends string> {
  key: K;
  share: number;
}

/** The shares of one dimension from a client's list, or the user errors at `path`: each share in (0, 1], each class once, the sum 1 (±0.001). */
export function sharesOf<K extends string>(lines: ReadonlyArray<ShareLine<K>>, path: string[]): Shares<K> | UserErrorData[] {
  if (lines.length === 0)
    return [userError(path, say('请至少给出一个占比，或不填这一维度', 'give at least one share, or leave this dimension out'), 'REQUIRED')];
  const errors: UserErrorData[] = [];
  const seen = new Set<K>();
  lines.forEach((line, i) => {
    if (seen.has(line.key)) errors.push(userError([...path, String(i)], say(`${line.key} 出现了两次`, `${line.key} is given twice`)));
    seen.add(line.key);
    if (!Number.isFinite(line.share) || line.share <= 0 || line.share > 1) {
      errors.push(
        userError(
          [...path, String(i), 'share'],
          say(`占比须大于 0 且不超过 1（给出的是 ${line.share}）`, `a share is above 0 and at most 1 (${line.share} given)`),
        ),
      );
    }
  });
  const sum = lines.reduce((total, line) => total + line.share, 0);
  if (errors.length === 0 && Math.abs(sum - 1) > 0.001) {
    errors.push(
      userError(
        path,
        say(`各占比之和为 ${Number(sum.toFixed(4))}；必须等于 1`, `the shares sum to ${Number(sum.toFixed(4))}; they must sum to 1`),
      ),
    );
  }
  return errors.length ? errors : (Object.fromEntries(lines.map((l) => [l.key, l.share])) as Shares<K>);
}

/** One class of one dimension: what was asked, what the candidates held, what was handed. */
export interface MixLine<K extends string> {
  key: K;
  /** Null: the class was not in the mix (or there was no mix for this dimension). */
  requestedShare: number | null;
  requestedCount: number | null;
  availableCount: number;
  achievedCount: number;
}

/** Every class of a dimension, in vocabulary order, for the candidates and the chosen ones among them. */
export function mixLines<K extends string>(
  classes: readonly K[],
  shares: Shares<K> | null | undefined,
  n: number,
  candidates: readonly K[],
  chosen: readonly K[],
): Array<MixLine<K>> {
  const targets = shares ? targetCounts(shares, n) : null;
  const countOf = (list: readonly K[], key: K) => list.filter((k) => k === key).length;
  return classes.map((key) => ({
    key,
    requestedShare: shares ? (shares[key] ?? 0) : null,
    requestedCount: targets ? (targets[key] ?? 0) : null,
    availableCount: countOf(candidates, key),
    achievedCount: countOf(chosen, key),
  }));
}

/** A small min-cost flow network: successive shortest paths, Bellman–Ford (queue-based) over the residual graph. */
class FlowGraph {
  private readonly to: number[] = [];
  private readonly cap: number[] = [];
  private readonly cost: number[] = [];
  private readonly out: number[][];

  constructor(nodes: number) {
    this.out = Array.from({ length: nodes }, () => []);
  }

  /** Adds an edge (and its residual twin at index + 1); returns its index. */
  add(from: number, to: number, capacity: number, cost: number): number {
    const index = this.to.length;
    this.to.push(to, from);
    this.cap.push(capacity, 0);
    this.cost.push(cost, -cost);
    this.out[from].push(index);
    this.out[to].push(index + 1);
    return index;
  }

  flowOn(edge: number): number {
    return this.cap[edge + 1];
  }

  /** Sends `amount` units (the caller makes sure they fit) along the cheapest paths. */
  minCostFlow(source: number, sink: number, amount: number): void {
    let left = amount;
    while (left > 0) {
      const distance = this.out.map(() => Infinity);
      const via = this.out.map(() => -1);
      const queued = this.out.map(() => false);
      distance[source] = 0;
      const queue = [source];
      queued[source] = true;
      while (queue.length) {
        const node = queue.shift()!;
        queued[node] = false;
        for (const e of this.out[node]) {
          const next = this.to[e];
          if (this.cap[e] > 0 && distance[node] + this.cost[e] < distance[next]) {
            distance[next] = distance[node] + this.cost[e];
            via[next] = e;
            if (!queued[next]) {
              queued[next] = true;
              queue.push(next);
            }
          }
        }
      }
      if (distance[sink] === Infinity) throw new Error('portfolio: fewer candidates than the flow asked for');
      let push = left;
      for (let node = sink; node !== source; node = this.to[via[node] ^ 1]) push = Math.min(push, this.cap[via[node]]);
      for (let node = sink; node !== source; node = this.to[via[node] ^ 1]) {
        this.cap[via[node]] -= push;
        this.cap[via[node] ^ 1] += push;
      }
      left -= push;
    }
  }
}
