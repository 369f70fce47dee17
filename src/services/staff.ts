import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../domain/access/viewer';
import { userError, type UserErrorData } from '../domain/common/domain-error';
import { User } from '../entities';
import type { GivenId } from './given-id';

/**
 * The active staff member an input names at `field`, or null with a NOT_FOUND user error.
 * With `salesOnlySelf`, a SALES viewer may only name itself (records are kept under the
 * salesperson's own name); `what` completes the message, e.g. "records orders".
 */
export async function namedStaff(
  em: EntityManager,
  viewer: Viewer | null,
  staff: GivenId,
  field: string,
  errors: UserErrorData[],
  salesOnlySelf?: { what: string },
): Promise<User | null> {
  const user = staff.id ? await em.findOne(User, staff.id) : null;
  if (!user || !user.active) {
    errors.push(userError(['input', field], `no active user with id "${staff.raw}"`, 'NOT_FOUND'));
    return null;
  }
  if (salesOnlySelf && viewer?.kind === 'staff' && viewer.role === 'SALES' && user.id !== viewer.userId) {
    errors.push(userError(['input', field], `a salesperson ${salesOnlySelf.what} under its own name`, 'FORBIDDEN'));
  }
  return user;
}
