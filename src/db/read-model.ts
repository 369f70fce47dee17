import { ReferenceKind } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { tracedBatch } from '../lib/spans';

/** Marks a read-model object with the entity class it was read as (for Node's resolveType). */
export const READ_AS = Symbol('readAs');

type Mapper<T> = (row: Record<string, unknown>) => T;
type Step = (row: Record<string, unknown>, out: Record<string, unknown>) => void;
interface Readable {
  /** Column → the step that copies it into its property. */
  steps: Map<string, Step>;
  /** Property name → its column. */
  columns: Map<string, string>;
  mappers: Map<string, Mapper<unknown>>;
}
const readables = new WeakMap<object, Readable>();

function readableOf(em: EntityManager, entity: new (...args: never[]) => object): Readable {
  const cached = readables.get(entity);
  if (cached) return cached;
  const meta = em.getMetadata().get(entity.name);
  const steps = new Map<string, Step>();
  const columns = new Map<string, string>();
  for (const prop of meta.props) {
    const column = prop.fieldNames?.[0];
    if (!column || prop.persist === false || prop.lazy) continue; // lazy: e.g. a password hash
    if (prop.kind === ReferenceKind.MANY_TO_ONE || prop.kind === ReferenceKind.ONE_TO_ONE) {
      steps.set(column, (row, out) => {
        const id = row[column];
        out[prop.name] = id == null ? null : { id };
      });
    } else if (prop.kind === ReferenceKind.SCALAR) {
      if (prop.runtimeType === 'Date') {
        steps.set(column, (row, out) => {
          const value = row[column];
          out[prop.name] = value == null ? null : value instanceof Date ? value : new Date(value as string);
        });
      } else {
        steps.set(column, (row, out) => {
          out[prop.name] = row[column];
        });
      }
    } else continue;
    columns.set(prop.name, column);
  }
  const readable = { steps, columns, mappers: new Map() };
  readables.set(entity, readable);
  return readable;
}

/**
 * A fast, read-only mapping of a database row to the shape of an entity: the same property
 * names, `Date`s for timestamps and `{ id }` for many-to-one links, but none of MikroORM's
 * hydration, identity map or change tracking (≈70 µs an entity, which dominated list
 * queries). For rows that are only read and serialized; writes load tracked entities.
 * With `columns` (from `columnsOf`), the row holds only those and the object only their
 * properties: a property left out is absent, never a made-up null.
 */
export function readModel<T extends object>(
  em: EntityManager,
  entity: new (...args: never[]) => T,
  columns?: readonly string[] | null,
): Mapper<T> {
  const readable = readableOf(em, entity);
  const key = columns ? columns.join(',') : '*';
  const cached = readable.mappers.get(key);
  if (cached) return cached as Mapper<T>;
  const steps = columns ? columns.map((c) => readable.steps.get(c)).filter((s) => s !== undefined) : [...readable.steps.values()];
  const mapper: Mapper<T> = (row) => {
    const out: Record<string, unknown> = {};
    for (const step of steps) step(row, out);
    Object.defineProperty(out, READ_AS, { value: entity });
    return out as T;
  };
  readable.mappers.set(key, mapper);
  return mapper;
}

/**
 * The columns that hold `props` of `entity` (plus `id`), for a projected read; null (read
 * every column) when `props` is null or names something that is not a stored property.
 */
export function columnsOf(em: EntityManager, entity: new (...args: never[]) => object, props: readonly string[] | null): string[] | null {
  if (!props) return null;
  const { columns } = readableOf(em, entity);
  const out = new Set<string>(['id']);
  for (const prop of props) {
    const column = columns.get(prop);
    if (!column) return null;
    out.add(column);
  }
  return [...out];
}

/** Read models of `entity` whose `column` is one of `values`, in `orderBy` order. */
export async function readWhereIn<T extends object>(
  em: EntityManager,
  entity: new (...args: never[]) => T,
  column: string,
  values: readonly unknown[],
  orderBy = 'id',
): Promise<T[]> {
  const table = em.getMetadata().get(entity.name).tableName;
  const rows: Array<Record<string, unknown>> = await em.execute(`select * from "${table}" where "${column}" in (?) order by ${orderBy}`, [
    [...values],
  ]);
  return rows.map(readModel(em, entity));
}

/** A by-id batch function for DataLoader over read models. */
export function byIdBatch<T extends { id: number }>(em: EntityManager, entity: new (...args: never[]) => T) {
  return async (ids: readonly number[]): Promise<Array<T | null>> => {
    const found = await readWhereIn(em, entity, 'id', ids);
    const map = new Map(found.map((e) => [e.id, e]));
    return ids.map((id) => map.get(id) ?? null);
  };
}

/** A per-request DataLoader of read models by id. */
export function byIdLoader<T extends { id: number }>(em: EntityManager, entity: new () => T) {
  return new DataLoader<number, T | null>(tracedBatch(`${entity.name}.byId`, byIdBatch(em, entity)));
}
