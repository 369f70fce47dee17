import { vocabulary } from '../customer/customer.enums';

/** The built-in reminder rules (DOMAIN M1), one per kind. */
export const REMINDER_KINDS = vocabulary({
  PRODUCT_USED_UP: { zh: '产品可能已用完', en: 'Product probably used up' },
  MAINTENANCE_DUE: { zh: '产品保养到期', en: 'Maintenance due' },
  NO_FOLLOW_UP: { zh: '长时间未跟进', en: 'No follow-up for a while' },
  NEVER_FOLLOWED_UP: { zh: '从未跟进', en: 'Never followed up' },
  NO_REPURCHASE: { zh: '长时间未复购', en: 'No repurchase' },
  NEVER_PURCHASED: { zh: '从未购买', en: 'Never purchased' },
  NEXT_FOLLOW_UP_DUE: { zh: '计划跟进日已到', en: 'Planned follow-up due' },
  BIRTHDAY: { zh: '生日问候', en: 'Birthday greeting' },
  ANNIVERSARY: { zh: '纪念日问候', en: 'Anniversary greeting' },
  HOLIDAY: { zh: '节日问候', en: 'Holiday greeting' },
  RENEWAL_DUE: { zh: '保修/合同即将到期', en: 'Renewal due' },
  INQUIRY_RESPONSE_OVERDUE: { zh: '询盘回复超时', en: 'Inquiry response overdue' },
  PURCHASE_TREND_FALLING: { zh: '采购趋势下滑', en: 'Purchases falling' },
  VIP_REVIEW_DUE: { zh: 'VIP定期回顾到期', en: 'VIP business review due' },
});
export type ReminderKind = keyof typeof REMINDER_KINDS.labels;

/** How pressing a due reminder is, as of now: its due moment passed, it is today, or it is ahead. */
export const REMINDER_URGENCIES = vocabulary({
  OVERDUE: { zh: '已逾期', en: 'Overdue' },
  DUE_TODAY: { zh: '今日到期', en: 'Due today' },
  UPCOMING: { zh: '即将到期', en: 'Upcoming' },
});
export type ReminderUrgency = keyof typeof REMINDER_URGENCIES.labels;

/** What a salesperson did with an occurrence (DOMAIN M3); an occurrence without a state is OPEN. */
export const REMINDER_STATES = vocabulary({
  OPEN: { zh: '待处理', en: 'Open' },
  SNOOZED: { zh: '已推迟', en: 'Snoozed' },
  DONE: { zh: '已完成', en: 'Done' },
  DISMISSED: { zh: '已忽略', en: 'Dismissed' },
});
export type ReminderState = keyof typeof REMINDER_STATES.labels;

/** What a marketing touch is for (DOMAIN M4); only the capped purposes count against the cap. */
export const TOUCH_PURPOSES = vocabulary({
  PROMOTION: { zh: '促销', en: 'Promotion' },
  NEW_PRODUCT: { zh: '新品推荐', en: 'New product' },
  GREETING: { zh: '问候', en: 'Greeting' },
  SERVICE: { zh: '服务通知', en: 'Service message' },
});
export type TouchPurpose = keyof typeof TOUCH_PURPOSES.labels;

/** Why a customer cannot be touched on a channel for a purpose now. */
export const TOUCH_REFUSALS = vocabulary({
  NO_CONSENT: { zh: '客户未同意该渠道', en: 'No consent on this channel' },
  CAP_REACHED: { zh: '已达营销频次上限', en: 'Marketing cap reached' },
  ARCHIVED: { zh: '客户已归档', en: 'Customer archived' },
});
export type TouchRefusal = keyof typeof TOUCH_REFUSALS.labels;
