import { vocabulary } from '../customer/customer.enums';

/** The closed vocabularies of the relationship records (DOMAIN R1–R5). */
export const CURRENCY_CODES = vocabulary({
  CNY: { zh: '人民币', en: 'Chinese yuan' },
  USD: { zh: '美元', en: 'US dollar' },
  EUR: { zh: '欧元', en: 'Euro' },
  HKD: { zh: '港币', en: 'Hong Kong dollar' },
  JPY: { zh: '日元', en: 'Japanese yen' },
  GBP: { zh: '英镑', en: 'Pound sterling' },
});
export type CurrencyCode = keyof typeof CURRENCY_CODES.labels;

export const ORDER_STATUSES = vocabulary({
  PENDING: { zh: '待完成', en: 'Pending' },
  COMPLETED: { zh: '已成交', en: 'Completed' },
  CANCELLED: { zh: '已取消', en: 'Cancelled' },
  REFUNDED: { zh: '已退款', en: 'Refunded' },
});
export type OrderStatus = keyof typeof ORDER_STATUSES.labels;

export const PAYMENT_METHODS = vocabulary({
  CASH: { zh: '现金', en: 'Cash' },
  BANK_TRANSFER: { zh: '银行转账', en: 'Bank transfer' },
  WECHAT_PAY: { zh: '微信支付', en: 'WeChat Pay' },
  ALIPAY: { zh: '支付宝', en: 'Alipay' },
  CARD: { zh: '刷卡', en: 'Card' },
  OTHER: { zh: '其他', en: 'Other' },
});
export type PaymentMethod = keyof typeof PAYMENT_METHODS.labels;

export const FOLLOW_UP_CHANNELS = vocabulary({
  CALL: { zh: '电话', en: 'Call' },
  VISIT: { zh: '拜访', en: 'Visit' },
  EMAIL: { zh: '邮件', en: 'Email' },
  SMS: { zh: '短信', en: 'SMS' },
  WECHAT: { zh: '微信', en: 'WeChat' },
  MEETING: { zh: '会议', en: 'Meeting' },
  OTHER: { zh: '其他', en: 'Other' },
});
export type FollowUpChannel = keyof typeof FOLLOW_UP_CHANNELS.labels;

export const FOLLOW_UP_OUTCOMES = vocabulary({
  INTERESTED: { zh: '有意向', en: 'Interested' },
  NEEDS_FOLLOW_UP: { zh: '需再跟进', en: 'Needs follow-up' },
  QUOTED: { zh: '已报价', en: 'Quoted' },
  ORDERED: { zh: '已下单', en: 'Ordered' },
  NOT_INTERESTED: { zh: '无意向', en: 'Not interested' },
  NO_RESPONSE: { zh: '未联系上', en: 'No response' },
  OTHER: { zh: '其他', en: 'Other' },
});
export type FollowUpOutcome = keyof typeof FOLLOW_UP_OUTCOMES.labels;

/** Outcomes that show intent to buy: they make a lead a prospect (DOMAIN L1). */
export const QUALIFYING_OUTCOMES: readonly FollowUpOutcome[] = ['INTERESTED', 'NEEDS_FOLLOW_UP', 'QUOTED', 'ORDERED'];

export const INQUIRY_STATUSES = vocabulary({
  NEW: { zh: '新询盘', en: 'New' },
  QUOTED: { zh: '已报价', en: 'Quoted' },
  NEGOTIATING: { zh: '洽谈中', en: 'Negotiating' },
  WON: { zh: '已成交', en: 'Won' },
  LOST: { zh: '已丢失', en: 'Lost' },
});
export type InquiryStatus = keyof typeof INQUIRY_STATUSES.labels;

export const INQUIRY_URGENCIES = vocabulary({
  URGENT: { zh: '紧急', en: 'Urgent' },
  NORMAL: { zh: '一般', en: 'Normal' },
});
export type InquiryUrgency = keyof typeof INQUIRY_URGENCIES.labels;

/** How urgent a prospect's need is, as judged on a follow-up (DOMAIN G2). */
export const NEED_URGENCIES = vocabulary({
  HIGH: { zh: '急需', en: 'High' },
  MEDIUM: { zh: '一般', en: 'Medium' },
  LOW: { zh: '不急', en: 'Low' },
});
export type NeedUrgency = keyof typeof NEED_URGENCIES.labels;

export const INQUIRY_CHANNELS = vocabulary({
  PHONE: { zh: '电话', en: 'Phone' },
  EMAIL: { zh: '邮件', en: 'Email' },
  FAX: { zh: '传真', en: 'Fax' },
  WEBSITE: { zh: '网站', en: 'Website' },
  WECHAT: { zh: '微信', en: 'WeChat' },
  B2B_PLATFORM: { zh: 'B2B平台', en: 'B2B platform' },
  EXHIBITION: { zh: '展会', en: 'Exhibition' },
  OTHER: { zh: '其他', en: 'Other' },
});
export type InquiryChannel = keyof typeof INQUIRY_CHANNELS.labels;

export const SERVICE_CASE_TYPES = vocabulary({
  DELIVERY: { zh: '送货', en: 'Delivery' },
  INSTALLATION: { zh: '安装', en: 'Installation' },
  WARRANTY: { zh: '三包保修', en: 'Warranty' },
  MAINTENANCE: { zh: '保养维护', en: 'Maintenance' },
  COMPLAINT: { zh: '投诉', en: 'Complaint' },
});
export type ServiceCaseType = keyof typeof SERVICE_CASE_TYPES.labels;

export const SERVICE_CASE_STATUSES = vocabulary({
  OPEN: { zh: '待处理', en: 'Open' },
  SCHEDULED: { zh: '已预约', en: 'Scheduled' },
  IN_PROGRESS: { zh: '处理中', en: 'In progress' },
  RESOLVED: { zh: '已解决', en: 'Resolved' },
  CLOSED: { zh: '已关闭', en: 'Closed' },
  CANCELLED: { zh: '已取消', en: 'Cancelled' },
});
export type ServiceCaseStatus = keyof typeof SERVICE_CASE_STATUSES.labels;
