import type { Locale } from '../customer/customer.enums';
import type { ValueTier } from './scoring.enums';

/** The service policy of each value tier ([002] (1)–(4)). */
export const TIER_POLICIES: Record<ValueTier, { zh: string; en: string }> = {
  VIP: {
    zh: '给予更多的关怀和支持,在服务政策、信用政策等方面给予更多优待,使满意度和忠诚度保持在极高水平,建立持久稳固的关系。',
    en: 'More care and support, better service and credit terms, keeping satisfaction and loyalty very high for a lasting relationship.',
  },
  MAJOR: {
    zh: '不断给予关怀和呵护,增强其对企业的信任、信赖甚至依恋,促使其转化为VIP客户。',
    en: 'Keep caring for them to deepen trust and attachment, and help them become VIP customers.',
  },
  ORDINARY: {
    zh: '在资源允许的情况下给予一定程度的关怀,保持现有关系并尽可能推进关系更深一步。',
    en: 'Some care as resources allow; keep the relationship and try to deepen it.',
  },
  SMALL: {
    zh: '以最少的投入和成本与其交易和交往,不花费太多资源扶持。',
    en: 'Deal with them at the lowest cost; do not spend many resources on them.',
  },
};

export function tierPolicy(tier: ValueTier, locale: Locale): string {
  return TIER_POLICIES[tier][locale];
}
