import type { Locale } from '../customer/customer.enums';
import type { LifecycleStage } from '../scoring/scoring.enums';

interface Text {
  zh: string;
  en: string;
}

export interface Playbook {
  /** What customers in this stage are like. */
  traits: Text;
  /** Their likely problems. */
  problems: Text[];
  /** What the company should do. */
  actions: Text[];
}

/**
 * Each stage's playbook (DOMAIN L3), from [000] 客户分层: the customer's likely problems
 * and the company's recommended actions.
 */
export const PLAYBOOKS: Record<LifecycleStage, Playbook> = {
  LEAD: {
    traits: { zh: '和你交换了联系方式,但没有产生实质交易。', en: 'Exchanged contact details with you but has not bought anything.' },
    problems: [
      {
        zh: '不了解:对产品不了解,对交易流程不了解,会碰到包括购买、支付等困难。',
        en: 'Does not know the products or how buying works, and may struggle to order and pay.',
      },
      { zh: '不会买:不知如何在众多商品中挑选到合适的商品。', en: 'Does not know how to pick the right product among many.' },
      { zh: '不信任:对企业不信任。', en: 'Does not trust the company yet.' },
    ],
    actions: [
      {
        zh: '交易流程透明化:以书面方式展示购买流程和产品价格。',
        en: 'Make the buying process transparent: show the steps and prices in writing.',
      },
      {
        zh: '合适的产品推荐:筛选值得推荐的产品并详细介绍,让客户发现潜在需要。',
        en: 'Recommend suitable products and explain them, so the customer discovers a need.',
      },
      {
        zh: '建立信任:让客户了解你是谁、做什么、能带来什么价值(如展示效果对比)。',
        en: 'Build trust: show who you are, what you do and the value you bring (e.g. before/after results).',
      },
    ],
  },
  PROSPECT: {
    traits: {
      zh: '经过跟进表达了购买意向,或有未结的询价,尚未成交。',
      en: 'Followed up and showed intent to buy, or has an open inquiry; no deal yet.',
    },
    problems: [
      {
        zh: '需求急迫程度、见效速度和预算是否匹配尚不明确。',
        en: 'Unclear how urgent the need is, how soon results can show and whether the price fits the budget.',
      },
      { zh: '对交易流程和企业仍有疑虑。', en: 'Still unsure about the buying process and the company.' },
    ],
    actions: [
      { zh: '按标准业务流程推进跟进,按时回复询价。', en: 'Move the follow-up along the standard process and answer inquiries on time.' },
      { zh: '用老客户的使用体验帮助其下定购买决策。', en: 'Share existing customers’ experience to help the decision.' },
      { zh: '给出清晰的报价、交付和付款条件。', en: 'Give a clear quote, delivery and payment terms.' },
    ],
  },
  NEW: {
    traits: {
      zh: '刚与你产生第一笔交易,但信心不够,是企业成长的新生力量。',
      en: 'Just made a first purchase; not yet confident; the company’s new growth.',
    },
    problems: [
      {
        zh: '经验不足:可能有失败的购买体验(支付、服务、回复不及时或不专业)。',
        en: 'Little experience: may have had a bad first experience (payment, service, slow or unprofessional replies).',
      },
      { zh: '不敢尝试:只敢买某一类产品。', en: 'Hesitant: only dares to buy one kind of product.' },
    ],
    actions: [
      {
        zh: '回顾购买历史和行为特征,推荐筛选的优质商品,鼓励尽快多次购买。',
        en: 'Review their history and suggest selected quality items; encourage more purchases soon.',
      },
      {
        zh: '提供自己或老客户的使用体验,帮助快速完成购买决策。',
        en: 'Share your own or existing customers’ experience to speed up decisions.',
      },
      { zh: '对遭遇不良体验的,快速帮助解决,巩固购买信心。', en: 'Fix bad first experiences fast to build confidence.' },
    ],
  },
  REPEAT: {
    traits: {
      zh: '已购买多次,了解商品、物流和付款方式,信任感在逐渐巩固(约10笔成功交易即为成熟客户)。',
      en: 'Has bought several times and knows your products, delivery and payment; trust is growing (about 10 successful deals makes a mature customer).',
    },
    problems: [{ zh: '选择更多:手头有不少同类产品资源,容易流失。', en: 'Has many alternatives at hand and may leave.' }],
    actions: [
      {
        zh: '注重品质和服务,全面提升满意度,让其成为忠诚客户。',
        en: 'Focus on quality and service to raise satisfaction and make them loyal.',
      },
      {
        zh: '提供分享交流的机会,邀请其加入客户群并说明利益点。',
        en: 'Create chances to share: invite them into a customer group and say what they gain.',
      },
    ],
  },
  LOYAL: {
    traits: { zh: '了解你家产品的每一个动向,持续购买并且花得开心。', en: 'Follows everything you do and keeps buying happily.' },
    problems: [
      { zh: '"老买家"的身份若得不到重视,忠诚度会下降。', en: 'If their status as a long-standing buyer is not recognised, loyalty fades.' },
    ],
    actions: [
      {
        zh: '制定老客户回馈计划:团购福利、新品专享折扣等专属权益。',
        en: 'Member-only rewards: group-buy benefits, exclusive discounts on new products.',
      },
      { zh: '体现其荣誉感:在交流中体现其"老买家"身份。', en: 'Recognise their status as a long-standing buyer in every exchange.' },
    ],
  },
  DORMANT: {
    traits: {
      zh: '临时性沉默:超过自己的购买周期没有再购买,不在你的消费服务群里活跃。',
      en: 'Temporarily silent: has not bought again for longer than its own buying cycle.',
    },
    problems: [
      { zh: '不满意的体验无法得到有效解决。', en: 'A bad experience was never resolved.' },
      { zh: '自身"老买家"荣誉感未得到重视和体现。', en: 'Their status as a long-standing buyer was not recognised.' },
      { zh: '对企业的信任度不够。', en: 'Not enough trust in the company.' },
    ],
    actions: [
      {
        zh: '分析流失原因:创造再次沟通的机会(以老带新、团购、主动回访)。',
        en: 'Find the cause: create chances to talk again (referrals, group buys, revisits).',
      },
      {
        zh: '鼓励尝试:推荐口碑良好的产品,鼓励再次购买并重新开始持续购买。',
        en: 'Win them back: recommend well-reviewed products and encourage buying again.',
      },
    ],
  },
  LOST: {
    traits: {
      zh: '永久性沉睡:对产品和服务失去了信心,长期没有购买。',
      en: 'Permanently asleep: lost confidence and has not bought for a long time.',
    },
    problems: [
      { zh: '不满意的购买体验造成信心丧失。', en: 'A bad buying experience destroyed confidence.' },
      { zh: '对企业的信任度不够。', en: 'Not enough trust in the company.' },
    ],
    actions: [
      { zh: '回访了解流失原因并记录,作为改进依据。', en: 'Revisit to learn why they left, and record it to improve.' },
      {
        zh: '以低成本方式(团购、老带新活动)尝试唤回,不投入过多资源。',
        en: 'Try low-cost win-backs (group buys, referral campaigns) without heavy investment.',
      },
    ],
  },
};

export interface LocalizedPlaybook {
  stage: LifecycleStage;
  traits: string;
  problems: string[];
  actions: string[];
}

export function playbookFor(stage: LifecycleStage, locale: Locale): LocalizedPlaybook {
  const p = PLAYBOOKS[stage];
  return { stage, traits: p.traits[locale], problems: p.problems.map((t) => t[locale]), actions: p.actions.map((t) => t[locale]) };
}
