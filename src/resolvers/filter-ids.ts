import { RequestError } from '../domain/common/domain-error';
import { localIdOf } from '../schema/global-id';

/** Local ids of a list filter's global ids of one type; a wrong one is BAD_USER_INPUT naming the field. */
export function filterIds(globalIds: string[] | null | undefined, type: string, field: string): number[] {
  return (globalIds ?? []).map((g) => {
    const id = localIdOf(g, type);
    if (id == null) throw new RequestError('BAD_USER_INPUT', `filter.${field}: "${g}" is not the id of a ${type}`);
    return id;
  });
}
