import fc from 'fast-check';

/**
 * Choices drawn from fast-check's random source: a request is a function of the run's seed
 * and its index, so a failing request replays with FUZZ_SEED (and FUZZ_ONLY).
 */
export class Rng {
  constructor(
    private readonly mrng: fc.Random,
    private readonly biasFactor: number | undefined,
  ) {}

  /** Uniform in [min, max] (no bias towards the ends: `pick` must not favour the first entry). */
  int(min: number, max: number): number {
    return this.mrng.nextInt(min, max);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.int(0, 9_999) < p * 10_000;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }

  /** `[weight, value]` pairs. */
  weighted<T>(entries: ReadonlyArray<readonly [number, T]>): T {
    const total = entries.reduce((s, [w]) => s + w, 0);
    let n = this.int(0, total - 1);
    for (const [w, v] of entries) {
      if (n < w) return v;
      n -= w;
    }
    return entries[entries.length - 1][1];
  }

  /** Some of `items`, in order, at least `min`. */
  subset<T>(items: readonly T[], p: number, min = 0): T[] {
    const out = items.filter(() => this.chance(p));
    while (out.length < Math.min(min, items.length)) {
      const x = this.pick(items);
      if (!out.includes(x)) out.push(x);
    }
    return out;
  }

  /** A value of any fast-check arbitrary (with its bias towards edge cases). */
  draw<T>(arb: () => fc.Arbitrary<T>): T {
    return cached(arb).generate(this.mrng, this.biasFactor).value;
  }
}

const arbitraries = new Map<() => fc.Arbitrary<unknown>, fc.Arbitrary<unknown>>();
function cached<T>(make: () => fc.Arbitrary<T>): fc.Arbitrary<T> {
  let arb = arbitraries.get(make);
  if (!arb) arbitraries.set(make, (arb = make()));
  return arb as fc.Arbitrary<T>;
}

/** An arbitrary whose values are built imperatively from an `Rng`; values do not shrink (the fuzz reports classes, not one minimal case). */
export class BuiltArbitrary<T> extends fc.Arbitrary<T> {
  constructor(private readonly build: (r: Rng) => T) {
    super();
  }

  generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<T> {
    return new fc.Value(this.build(new Rng(mrng, biasFactor)), undefined);
  }

  canShrinkWithoutContext(_value: unknown): _value is T {
    return false;
  }

  shrink(): fc.Stream<fc.Value<T>> {
    return fc.Stream.nil();
  }
}
