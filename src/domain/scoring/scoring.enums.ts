import { vocabulary } from '../customer/customer.enums';

/** The closed vocabularies of lifecycle and scoring (DOMAIN L1, S1–S7). */
export const LIFECYCLE_STAGES = vocabulary({
  LEAD: { zh: '潜在客户', en: 'Lead' },
  PROSPECT: { zh: '意向客户', en: 'Prospect' },
  NEW: { zh: '新客户', en: 'New customer' },
  REPEAT: { zh: '老客户', en: 'Repeat customer' },
  LOYAL: { zh: '忠诚客户', en: 'Loyal customer' },
  DORMANT: { zh: '沉睡客户(临时性沉默)', en: 'Dormant' },
  LOST: { zh: '沉睡客户(永久性沉睡)', en: 'Lost' },
});
export type LifecycleStage = keyof typeof LIFECYCLE_STAGES.labels;

export const VALUE_TIERS = vocabulary({
  VIP: { zh: 'VIP客户', en: 'VIP' },
  MAJOR: { zh: '主要客户', en: 'Major' },
  ORDINARY: { zh: '普通客户', en: 'Ordinary' },
  SMALL: { zh: '小客户', en: 'Small' },
});
export type ValueTier = keyof typeof VALUE_TIERS.labels;

export const ABC_CLASSES = vocabulary({
  A: { zh: 'A类(高价值)', en: 'A (high value)' },
  B: { zh: 'B类(中价值)', en: 'B (medium value)' },
  C: { zh: 'C类(低价值)', en: 'C (low value)' },
});
export type AbcClass = keyof typeof ABC_CLASSES.labels;

export const MEMBER_LEVELS = vocabulary({
  REGULAR: { zh: '普通会员', en: 'Regular' },
  SILVER: { zh: '银卡会员', en: 'Silver' },
  GOLD: { zh: '金卡会员', en: 'Gold' },
  DIAMOND: { zh: '钻石会员', en: 'Diamond' },
});
export type MemberLevel = keyof typeof MEMBER_LEVELS.labels;

export const RELATIONSHIP_DEPTHS = vocabulary({
  DEEP: { zh: '深度关系', en: 'Deep' },
  ORDINARY: { zh: '一般关系', en: 'Ordinary' },
  FORGOTTEN: { zh: '被遗忘', en: 'Forgotten' },
});
export type RelationshipDepth = keyof typeof RELATIONSHIP_DEPTHS.labels;

export const RFM_GROUPS = vocabulary({
  CHAMPIONS: { zh: '重要价值客户', en: 'Champions' },
  LOYAL: { zh: '忠实客户', en: 'Loyal' },
  POTENTIAL_LOYALIST: { zh: '潜力客户', en: 'Potential loyalist' },
  NEW: { zh: '新客户', en: 'New' },
  AT_RISK: { zh: '流失风险客户', en: 'At risk' },
  HIBERNATING: { zh: '休眠客户', en: 'Hibernating' },
  NEEDS_ATTENTION: { zh: '需关注客户', en: 'Needs attention' },
});
export type RfmGroup = keyof typeof RFM_GROUPS.labels;

export const TREND_DIRECTIONS = vocabulary({
  UP: { zh: '上升', en: 'Up' },
  FLAT: { zh: '持平', en: 'Flat' },
  DOWN: { zh: '下降', en: 'Down' },
  NONE: { zh: '无购买', en: 'No purchases' },
});
export type TrendDirection = keyof typeof TREND_DIRECTIONS.labels;

export const TREND_FLAGS = vocabulary({
  DECLINING_VOLUME: { zh: '进货量连续下降', en: 'Declining volume' },
  SHRINKING_VARIETY: { zh: '品种减少', en: 'Shrinking variety' },
});
export type TrendFlag = keyof typeof TREND_FLAGS.labels;

export const VOLUME_MEASURES = vocabulary({
  QUANTITY: { zh: '数量', en: 'Quantity' },
  AMOUNT: { zh: '金额', en: 'Amount' },
});
export type VolumeMeasure = keyof typeof VOLUME_MEASURES.labels;
