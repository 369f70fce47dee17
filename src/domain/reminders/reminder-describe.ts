import type { Locale } from '../customer/customer.enums';
import type { ReminderKind } from './reminder.enums';
import type { ReminderSettings } from './reminder-settings';

/** What a rule does with its current thresholds, for the settings screen (zh / en). */
export function describeRule(kind: ReminderKind, settings: ReminderSettings, locale: Locale): string {
  const r = settings.rules;
  const zh = locale === 'zh';
  switch (kind) {
    case 'PRODUCT_USED_UP':
      return zh
        ? `消耗品：上次购买日 + 数量 × 使用周期，提前 ${r.PRODUCT_USED_UP.warningDays} 天提醒`
        : `Consumables: last purchase + quantity × usage cycle, ${r.PRODUCT_USED_UP.warningDays} days ahead`;
    case 'MAINTENANCE_DUE':
      return zh
        ? `耐用品：上次购买或保养 + 保养间隔，提前 ${r.MAINTENANCE_DUE.warningDays} 天提醒`
        : `Durables: last purchase or maintenance + maintenance interval, ${r.MAINTENANCE_DUE.warningDays} days ahead`;
    case 'NO_FOLLOW_UP':
      return zh ? `有负责人的客户 ${r.NO_FOLLOW_UP.days} 天未跟进` : `Owned customers without a follow-up for ${r.NO_FOLLOW_UP.days} days`;
    case 'NEVER_FOLLOWED_UP':
      return zh
        ? `有负责人的客户创建 ${r.NEVER_FOLLOWED_UP.days} 天后仍从未跟进`
        : `Owned customers never followed up ${r.NEVER_FOLLOWED_UP.days} days after creation`;
    case 'NO_REPURCHASE':
      return zh
        ? `超过自身购买间隔中位数的 ${r.NO_REPURCHASE.multiplierPercent / 100} 倍（至少 ${r.NO_REPURCHASE.minDays} 天）未复购`
        : `No repurchase for ${r.NO_REPURCHASE.multiplierPercent / 100} × the customer's median interval (at least ${r.NO_REPURCHASE.minDays} days)`;
    case 'NEVER_PURCHASED':
      return zh ? `创建 ${r.NEVER_PURCHASED.days} 天后仍从未购买` : `No purchase ${r.NEVER_PURCHASED.days} days after creation`;
    case 'NEXT_FOLLOW_UP_DUE':
      return zh
        ? `最近一次跟进计划的下次跟进日（提前 ${r.NEXT_FOLLOW_UP_DUE.aheadDays} 天）`
        : `The next follow-up day the last follow-up planned (${r.NEXT_FOLLOW_UP_DUE.aheadDays} days ahead)`;
    case 'BIRTHDAY':
      return zh
        ? `生日前 ${r.BIRTHDAY.aheadDays} 天起提醒问候（2 月 29 日在平年按 2 月 28 日）`
        : `Birthdays from ${r.BIRTHDAY.aheadDays} days ahead (29 February on 28 February in common years)`;
    case 'ANNIVERSARY':
      return zh
        ? `结婚纪念日、公司周年等重要日期前 ${r.ANNIVERSARY.aheadDays} 天起提醒`
        : `Anniversaries and other important dates from ${r.ANNIVERSARY.aheadDays} days ahead`;
    case 'HOLIDAY':
      return zh
        ? `公司节日前 ${r.HOLIDAY.aheadDays} 天起提醒问候 ${r.HOLIDAY.tiers.join('、')} 客户`
        : `Company holidays from ${r.HOLIDAY.aheadDays} days ahead, for ${r.HOLIDAY.tiers.join(', ')} customers`;
    case 'RENEWAL_DUE':
      return zh
        ? `保修或保养合同到期前后 ${r.RENEWAL_DUE.aheadDays} 天内提醒续约`
        : `Warranty or maintenance contracts within ${r.RENEWAL_DUE.aheadDays} days of their end`;
    case 'INQUIRY_RESPONSE_OVERDUE':
      return zh ? '询盘超过回复时限仍未首次回复' : 'Inquiries not answered by their response deadline';
    case 'PURCHASE_TREND_FALLING':
      return zh
        ? '采购量连续下降或购买品种明显减少（按趋势规则）'
        : 'Purchases falling month after month or product variety shrinking (trend rules)';
    case 'VIP_REVIEW_DUE':
      return zh
        ? `${r.VIP_REVIEW_DUE.tiers.join('、')} 客户每 ${r.VIP_REVIEW_DUE.everyMonths} 个月做一次业务回顾（${r.VIP_REVIEW_DUE.reviewChannels.join('、')} 跟进算回顾）`
        : `Business review of ${r.VIP_REVIEW_DUE.tiers.join(', ')} customers every ${r.VIP_REVIEW_DUE.everyMonths} months (a ${r.VIP_REVIEW_DUE.reviewChannels.join(' or ')} follow-up counts)`;
  }
}
