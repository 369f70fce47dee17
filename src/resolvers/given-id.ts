import { say } from '../domain/common/bilingual';
import { RequestError } from '../domain/common/domain-error';
import { localIdOf, notAnIdOf } from '../domain/common/global-id';
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
 * The local id of an argument that must name an object of `type`; any other text is
 * BAD_USER_INPUT naming the argument (`departmentRootId: "…" is not the id of a Department`).
 */
export function requiredLocalId(globalId: string, type: string, argument: string): number {
  const id = localIdOf(globalId, type);
  if (id == null) {
    const notAnId = notAnIdOf(globalId, type);
    throw new RequestError('BAD_USER_INPUT', say(`${argument}：${notAnId.zh}`, `${argument}: ${notAnId.en}`));
  }
  return id;
}

/**
 * Local ids of a list filter's global ids of one type; one that is not an id of that type is
 * BAD_USER_INPUT naming the filter field (`filter.ownerIds: "…" is not the id of a User`).
 */
export function filterLocalIds(globalIds: readonly string[] | null | undefined, type: string, field: string): number[] {
  return (globalIds ?? []).map((g) => filterLocalId(g, type, field));
}

/** The local id of one filter argument, or BAD_USER_INPUT naming it, as `filterLocalIds`. */
export function filterLocalId(globalId: string, type: string, field: string): number {
  return requiredLocalId(globalId, type, `filter.${field}`);
}
