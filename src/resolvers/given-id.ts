import { RequestError } from '../domain/common/domain-error';
import { localIdOf } from '../schema/global-id';
import type { GivenId } from '../services/given-id';

/** A global id of `type` as a service command carries it: its local id (null when it is not one) and the text. */
export function givenId(globalId: string, type: string): GivenId {
  return { id: localIdOf(globalId, type), raw: globalId };
}

/**
 * `givenId` of an optional input field: absent stays undefined, and null or an empty string
 * (which the services have always read as "none") is null.
 */
export function optionalGivenId<T extends string | null | undefined>(
  globalId: T,
  type: string,
): GivenId | null | (undefined extends T ? undefined : never) {
  if (globalId === undefined) return undefined as undefined extends T ? undefined : never;
  return globalId ? givenId(globalId, type) : null;
}

/**
 * Local ids of a list filter's global ids of one type; one that is not an id of that type is
 * BAD_USER_INPUT naming the filter field (`filter.ownerIds: "…" is not a User id`).
 */
export function filterLocalIds(globalIds: readonly string[] | null | undefined, type: string, field: string): number[] {
  return (globalIds ?? []).map((g) => filterLocalId(g, type, field));
}

/** The local id of one filter argument, or BAD_USER_INPUT naming it, as `filterLocalIds`. */
export function filterLocalId(globalId: string, type: string, field: string): number {
  const id = localIdOf(globalId, type);
  if (!id) throw new RequestError('BAD_USER_INPUT', `filter.${field}: "${globalId}" is not a ${type} id`);
  return id;
}
