import type { Client } from 'pg';

/**
 * Everything the generator's SQL shares: the seeded pseudo-random numbers, the anchor time
 * and time zone, and literal helpers.
 *
 * Randomness is a hash of (row key, seed, salt) instead of `random()`: every value is a
 * pure function of the row it belongs to, so the data does not depend on the order in which
 * PostgreSQL evaluates rows (plans, statistics, parallel workers). `setseed()` is still set
 * for any `random()` left to PostgreSQL, and the session disables parallel query.
 */
export interface GeneratorContext {
  client: Client;
  seed: number;
  customers: number;
  /** Average orders per customer asked for. */
  ordersPerCustomer: number;
  /** The anchor "now" of the dataset, ISO-8601 UTC. */
  now: string;
  timeZone: string;
  rnd: SqlRandom;
}

export class SqlRandom {
  constructor(private readonly seed: number) {
    if (!Number.isSafeInteger(seed) || seed < 0 || seed > 2_147_483_647)
      throw new Error(`seed must be an integer in 0..2147483647, got ${seed}`);
  }

  /** A uniform number in [0, 1) for the row `key` (a bigint SQL expression); `salt` tells the uses apart. */
  u(key: string, salt: number): string {
    const hashSeed = this.seed * 1_000_003 + salt;
    return `((hashint8extended((${key})::bigint, ${hashSeed}) & 4503599627370495)::float8 / 4503599627370496.0)`;
  }

  /** An integer in [lo, hi]. */
  int(lo: number | string, hi: number | string, key: string, salt: number): string {
    return `((${lo}) + floor(${this.u(key, salt)} * ((${hi}) - (${lo}) + 1))::int)`;
  }

  /** One element of a SQL array expression of `length` elements. */
  pick(array: string, length: number, key: string, salt: number): string {
    return `(${array})[1 + floor(${this.u(key, salt)} * ${length})::int]`;
  }

  /** 8 lower-case hex digits. */
  hex8(key: string, salt: number): string {
    return `lpad(to_hex(hashint8extended((${key})::bigint, ${this.seed * 1_000_003 + salt}) & 4294967295), 8, '0')`;
  }
}

export function quote(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export function textArray(values: readonly string[]): string {
  return `array[${values.map(quote).join(',')}]::text[]`;
}

export function numericArray(values: readonly string[]): string {
  return `array[${values.join(',')}]::numeric[]`;
}

/** Cumulative lower bounds of weights, for `width_bucket(u, bounds)` → 1..n. */
export function weightBounds(weights: readonly number[]): string {
  const total = weights.reduce((a, b) => a + b, 0);
  let acc = 0;
  const bounds = weights.map((w) => {
    const lower = acc / total;
    acc += w;
    return lower;
  });
  return `array[${bounds.map((b) => b.toFixed(12)).join(',')}]::float8[]`;
}

/** SQL for the anchor time and calendar parts in the company's time zone. */
export function timeSql(ctx: Pick<GeneratorContext, 'now' | 'timeZone'>) {
  const now = `${quote(ctx.now)}::timestamptz`;
  const tz = quote(ctx.timeZone);
  return {
    now,
    tz,
    /** Local wall-clock time of the anchor. */
    localNow: `(${now} at time zone ${tz})`,
    /** Start of the anchor's month, local wall-clock. */
    monthStart: `date_trunc('month', ${now} at time zone ${tz})`,
    year: `extract(year from ${now} at time zone ${tz})::int`,
  };
}
