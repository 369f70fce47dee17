import { assertNever } from '../common/assert-never';
import type { Locale } from '../customer/customer.enums';
import type { LifecycleTransition, TransitionCause } from './lifecycle-history';

/** The cause of a lifecycle transition in words, in Chinese or English (DOMAIN L4, S8). */
export function explainTransition(transition: Pick<LifecycleTransition, 'cause'>, locale: Locale): string {
  const zh = locale === 'zh';
  const cause: TransitionCause = transition.cause;
  switch (cause.code) {
    case 'CREATED':
      return zh ? '客户建档' : 'Customer record created';
    case 'ORDER':
      return zh
        ? `完成订单 #${cause.orderId}（累计 ${cause.orderCount} 笔成交）`
        : `Completed order #${cause.orderId} (${cause.orderCount} completed in total)`;
    case 'FOLLOW_UP':
      return zh ? '跟进显示出购买意向' : 'A follow-up showed intent to buy';
    case 'INQUIRY_OPENED':
      return zh
        ? `收到询盘 #${cause.inquiryId}（进行中 ${cause.openInquiries} 个）`
        : `Inquiry #${cause.inquiryId} received (${cause.openInquiries} open)`;
    case 'INQUIRY_CLOSED':
      return zh
        ? `询盘 #${cause.inquiryId} 已关闭（进行中 ${cause.openInquiries} 个）`
        : `Inquiry #${cause.inquiryId} closed (${cause.openInquiries} open)`;
    case 'RATING':
      return zh
        ? `服务满意度评分 ${cause.satisfaction} 分（${cause.ratings} 次评分，平均 ${cause.averageSatisfaction} 分）`
        : `Service rated ${cause.satisfaction}/5 (${cause.ratings} ratings, average ${cause.averageSatisfaction})`;
    case 'OVERRIDE_SET':
      return zh ? `手动设定阶段：${cause.reason}` : `Stage set by hand: ${cause.reason}`;
    case 'OVERRIDE_CLEARED':
      return zh
        ? `取消手动设定，恢复按规则判定${cause.reason ? `：${cause.reason}` : ''}`
        : `Manual stage cleared; the rules decide again${cause.reason ? `: ${cause.reason}` : ''}`;
    case 'SILENCE':
      return zh
        ? `已 ${cause.silentDays} 天未成交，超过 ${cause.limitDays} 天`
        : `No completed order for ${cause.silentDays} days, more than ${cause.limitDays}`;
    case 'PROSPECT_EXPIRED':
      return zh
        ? `最近一次有意向的跟进已过去 ${cause.daysAgo} 天，超过 ${cause.windowDays} 天的意向期`
        : `The last follow-up with intent to buy was ${cause.daysAgo} days ago, past the ${cause.windowDays}-day window`;
    default:
      return assertNever(cause);
  }
}
