import { say, type Bilingual } from '../domain/common/bilingual';
import { userError, type UserErrorData } from '../domain/common/domain-error';

/**
 * The customers a batch command names: exactly one of `customerIds` (at least one, at most
 * `max`, else `tooMany`) and `segmentId`. The user errors of those rules, in input order.
 */
export function customerSetErrors(
  cmd: { customerIds?: readonly unknown[] | null; segment?: unknown },
  max: number,
  tooMany: (given: number) => Bilingual,
): UserErrorData[] {
  if ((cmd.customerIds == null) === (cmd.segment == null)) {
    return [
      userError(
        ['input'],
        say('customerIds 和 segmentId 必须给出且只能给出其中一个', 'give exactly one of customerIds and segmentId'),
        cmd.segment == null ? 'REQUIRED' : 'INVALID',
      ),
    ];
  }
  if (!cmd.customerIds) return [];
  const errors: UserErrorData[] = [];
  if (cmd.customerIds.length === 0)
    errors.push(userError(['input', 'customerIds'], say('请至少指定一个客户', 'name at least one customer'), 'REQUIRED'));
  if (cmd.customerIds.length > max) errors.push(userError(['input', 'customerIds'], tooMany(cmd.customerIds.length)));
  return errors;
}
