import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../domain/access/viewer';
import { say, type Bilingual } from '../domain/common/bilingual';
import { userError, type UserErrorData } from '../domain/common/domain-error';
import { User } from '../entities';
import type { GivenId } from './given-id';

/**
 * The active staff member an input names at `field`, or null with a NOT_FOUND user error.
 * With `salesOnlySelf`, a SALES viewer may only name itself (records are kept under the
 * salesperson's own name); `what` completes the message in both languages, e.g.
 * `say('录入订单', 'records orders')` (a plain string, read the same in both, only while the
 * callers are being given their Chinese).
 */
export async function namedStaff(
  em: EntityManager,
  viewer: Viewer | null,
  staff: GivenId,
  field: string,
  errors: UserErrorData[],
  salesOnlySelf?: { what: Bilingual },
): Promise<User | null> {
  const user = staff.id ? await em.findOne(User, staff.id) : null;
  if (!user || !user.active) {
    errors.push(
      userError(['input', field], say(`没有 id 为“${staff.raw}”的在职用户`, `no active user with id "${staff.raw}"`), 'NOT_FOUND'),
    );
    return null;
  }
  if (salesOnlySelf && viewer?.kind === 'staff' && viewer.role === 'SALES' && user.id !== viewer.userId) {
    const { what } = salesOnlySelf;
    const message = say(`销售员只能以自己的名义${what.zh}`, `a salesperson ${what.en} under its own name`);
    errors.push(userError(['input', field], message, 'FORBIDDEN'));
  }
  return user;
}
