import Decimal from 'decimal.js';
import { COMPANY_SIZES, labelOf, type Locale } from '../customer/customer.enums';
import type { StageReason, StageResult } from '../lifecycle/lifecycle-stage';
import type { AbcResult } from './abc';
import type { ScoreFigure } from './customer-facts';
import type { DepthResult } from './depth';
import type { MemberResult } from './membership';
import type { RfmResult } from './rfm';
import {
  ABC_CLASSES,
  LIFECYCLE_STAGES,
  MEMBER_LEVELS,
  RELATIONSHIP_DEPTHS,
  RFM_GROUPS,
  TREND_DIRECTIONS,
  VALUE_TIERS,
  type LifecycleStage,
} from './scoring.enums';
import type { TrendResult } from './trend';
import type { ValueResult } from './value';

/**
 * One sentence per result (DOMAIN S8), in Chinese or English, citing the figures that
 * produced it. Each function reads only the result it explains.
 */

type Figure = string | number | null;

function figure(figures: readonly ScoreFigure[], key: string): Figure {
  return figures.find((f) => f.key === key)?.value ?? null;
}

/** A money amount with thousands separators: 12345.5 → 12,345.50. */
export function formatAmount(value: Figure): string {
  if (value == null) return '–';
  const [int, frac] = new Decimal(value).toFixed(2).split('.');
  return `${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`;
}

const stageLabel = (stage: LifecycleStage, locale: Locale) => labelOf(LIFECYCLE_STAGES, stage, locale);

function explainReason(reason: StageReason, locale: Locale): string {
  const zh = locale === 'zh';
  switch (reason.code) {
    case 'NO_ORDER_NO_INTEREST':
      return zh ? '尚无成交订单,无未结询盘,也无有效跟进' : 'No completed order, no open inquiry and no qualifying follow-up';
    case 'OPEN_INQUIRY':
      return zh
        ? `尚无成交订单;有${reason.openInquiries}条未结询盘`
        : `No completed order yet; ${reason.openInquiries} open ${reason.openInquiries === 1 ? 'inquiry' : 'inquiries'}`;
    case 'QUALIFYING_FOLLOW_UP':
      return zh
        ? `尚无成交订单;${reason.daysAgo}天前有一次有效跟进,在${reason.windowDays}天意向期内`
        : `No completed order yet; a qualifying follow-up ${reason.daysAgo} days ago, within the ${reason.windowDays}-day prospect window`;
    case 'LOST_SILENT':
      return zh
        ? `最近一笔成交订单在${reason.daysAgo}天前,超过流失阈值${reason.lostAfterDays}天`
        : `Last completed order ${reason.daysAgo} days ago, more than the ${reason.lostAfterDays} days after which a customer is lost`;
    case 'DORMANT_SILENT':
      return zh
        ? `最近一笔成交订单在${reason.daysAgo}天前,超过沉睡阈值${reason.thresholdDays}天`
        : `Last completed order ${reason.daysAgo} days ago, beyond the dormancy threshold of ${reason.thresholdDays} days`;
    case 'LOYAL_ORDERS':
      return zh
        ? `${reason.orders}笔成交订单,达到忠诚客户的${reason.minOrders}笔`
        : `${reason.orders} completed orders, at least the ${reason.minOrders} of a loyal customer`;
    case 'LOYAL_LONG_SATISFIED':
      return zh
        ? `${reason.orders}笔成交订单,跨越${reason.spanDays}天,平均满意度${reason.averageSatisfaction}`
        : `${reason.orders} completed orders over ${reason.spanDays} days with average satisfaction ${reason.averageSatisfaction}`;
    case 'REPEAT_ORDERS':
      return zh ? `${reason.orders}笔成交订单` : `${reason.orders} completed orders`;
    case 'FIRST_ORDER':
      return zh ? `${reason.orders}笔成交订单(首单)` : `${reason.orders} completed order (the first)`;
  }
}

/**
 * Why the customer is in its stage. Given the whole result, the sentence also cites the days
 * since the last order and the dormancy threshold, and a manual override.
 */
export function explainStage(subject: StageReason | StageResult, locale: Locale): string {
  if ('code' in subject) return explainReason(subject, locale);
  const zh = locale === 'zh';
  const f = subject.figures;
  let sentence = explainReason(subject.reason, locale);
  const code = subject.reason.code;
  if (code === 'LOYAL_ORDERS' || code === 'LOYAL_LONG_SATISFIED' || code === 'REPEAT_ORDERS' || code === 'FIRST_ORDER') {
    const days = figure(f, 'daysSinceLastOrder');
    const threshold = figure(f, 'dormancyThresholdDays');
    sentence += zh ? `,最近一笔在${days}天前;沉睡阈值${threshold}天` : `, last one ${days} days ago; dormancy threshold ${threshold} days`;
  }
  if (subject.stage !== subject.derivedStage || figure(f, 'overrideStage') != null) {
    sentence += zh
      ? `。人工设定为${stageLabel(subject.stage, locale)}(规则得出:${stageLabel(subject.derivedStage, locale)})`
      : `. Set by hand to ${stageLabel(subject.stage, locale)} (the rules give ${stageLabel(subject.derivedStage, locale)})`;
  }
  return sentence;
}

export function explainRfm(result: RfmResult, locale: Locale): string {
  const zh = locale === 'zh';
  const f = result.figures;
  if (result.group == null) return zh ? '从未成交,没有RFM评分' : 'Never bought: no RFM score';
  const group = labelOf(RFM_GROUPS, result.group, locale);
  if (result.frequency === 0) {
    return zh
      ? `统计期内无成交订单(最近一笔在${result.recencyDays}天前),R、F、M均为0:${group}`
      : `No completed order in the window (last one ${result.recencyDays} days ago), so R, F and M are 0: ${group}`;
  }
  const cuts = (key: string) => figure(f, key) ?? '–';
  return zh
    ? `R ${result.r}:最近一笔在${result.recencyDays}天前(分位点${cuts('recencyCuts')}天);` +
        `F ${result.f}:统计期内${result.frequency}笔订单(分位点${cuts('frequencyCuts')});` +
        `M ${result.m}:统计期内消费${formatAmount(result.monetary)}(分位点${cuts('monetaryCuts')}):${group}`
    : `R ${result.r}: last order ${result.recencyDays} days ago (cut-points ${cuts('recencyCuts')} days); ` +
        `F ${result.f}: ${result.frequency} orders in the window (cut-points ${cuts('frequencyCuts')}); ` +
        `M ${result.m}: ${formatAmount(result.monetary)} spent in the window (cut-points ${cuts('monetaryCuts')}): ${group}`;
}

export function explainValue(result: ValueResult, locale: Locale): string {
  const zh = locale === 'zh';
  const f = result.figures;
  const i = result.indicators;
  const w = (key: string) => figure(f, key);
  const stage = figure(f, 'stage') as LifecycleStage | null;
  const stageText = stage ? stageLabel(stage, locale) : '–';
  const size = figure(f, 'companySize');
  const sizeText =
    size != null && (COMPANY_SIZES.values as readonly string[]).includes(String(size))
      ? labelOf(COMPANY_SIZES, size as (typeof COMPANY_SIZES.values)[number], locale)
      : zh
        ? '未知'
        : 'unknown';
  const tier = labelOf(VALUE_TIERS, result.tier, locale);
  const cuts =
    w('vipCut') == null
      ? zh
        ? '尚无分档线'
        : 'no tier cut-points yet'
      : zh
        ? `VIP线${w('vipCut')},主要客户线${w('majorCut')},普通客户线${w('ordinaryCut')}`
        : `VIP above ${w('vipCut')}, Major above ${w('majorCut')}, Ordinary above ${w('ordinaryCut')}`;
  return zh
    ? `价值分${result.score} = 利润${i.profit}×${w('weightProfit')}% + 潜力${i.potential}×${w('weightPotential')}% + ` +
        `生命周期${i.lifecycle}×${w('weightLifecycle')}% + 忠诚度${i.loyalty}×${w('weightLoyalty')}%。` +
        `利润:统计期毛利${formatAmount(w('windowProfit'))};潜力:${w('openInquiries')}条未结询盘共${formatAmount(w('openInquiryAmount'))}` +
        `(${w('inquiryPoints')}分),规模${sizeText}(${w('sizePoints')}分),近期消费${formatAmount(w('growthRecentSpend'))}对比此前` +
        `${formatAmount(w('growthPriorSpend'))}(${w('growthPoints')}分);生命周期:${stageText};忠诚度:客龄${w('tenurePoints')}分、` +
        `复购${w('repeatPoints')}分、满意度${w('satisfactionPoints')}分。${cuts} → ${tier}`
    : `Value score ${result.score} = profit ${i.profit} × ${w('weightProfit')}% + potential ${i.potential} × ${w('weightPotential')}% + ` +
        `lifecycle ${i.lifecycle} × ${w('weightLifecycle')}% + loyalty ${i.loyalty} × ${w('weightLoyalty')}%. ` +
        `Profit: ${formatAmount(w('windowProfit'))} gross profit in the window; potential: ${w('openInquiries')} open inquiries worth ` +
        `${formatAmount(w('openInquiryAmount'))} (${w('inquiryPoints')} points), size ${sizeText} (${w('sizePoints')} points), recent spend ` +
        `${formatAmount(w('growthRecentSpend'))} against ${formatAmount(w('growthPriorSpend'))} before (${w('growthPoints')} points); ` +
        `lifecycle: ${stageText}; loyalty: tenure ${w('tenurePoints')}, repeat ${w('repeatPoints')}, satisfaction ${w('satisfactionPoints')} points. ` +
        `${cuts} → ${tier}`;
}

export function explainAbc(result: AbcResult, locale: Locale): string {
  const zh = locale === 'zh';
  const f = result.figures;
  const profit = figure(f, 'windowProfit');
  const label = labelOf(ABC_CLASSES, result.abcClass, locale);
  if (profit == null || new Decimal(profit).lte(0)) {
    return zh
      ? `统计期内毛利${formatAmount(profit)},无正贡献 → ${label}`
      : `Gross profit ${formatAmount(profit)} in the window, no positive contribution → ${label}`;
  }
  const a = figure(f, 'aCut');
  const b = figure(f, 'bCut');
  const aText =
    a == null
      ? zh
        ? 'A类为空'
        : 'A is empty'
      : zh
        ? `A类自${formatAmount(a)}起(累计前${figure(f, 'aShare')}%)`
        : `A from ${formatAmount(a)} (first ${figure(f, 'aShare')}% of profit)`;
  const bText =
    b == null
      ? zh
        ? 'B类为空'
        : 'B is empty'
      : zh
        ? `B类自${formatAmount(b)}起(累计至${figure(f, 'bShare')}%)`
        : `B from ${formatAmount(b)} (up to ${figure(f, 'bShare')}%)`;
  return zh
    ? `统计期内毛利${formatAmount(profit)};${aText},${bText} → ${label}`
    : `Gross profit ${formatAmount(profit)} in the window; ${aText}, ${bText} → ${label}`;
}

export function explainMemberLevel(result: MemberResult, locale: Locale): string {
  const zh = locale === 'zh';
  const f = result.figures;
  const spend = formatAmount(figure(f, 'windowSpend'));
  const days = figure(f, 'windowDays');
  const label = labelOf(MEMBER_LEVELS, result.level, locale);
  const min = figure(f, 'levelMinSpend');
  const next = figure(f, 'nextLevel');
  const nextMin = figure(f, 'nextLevelMinSpend');
  const nextLabel = next == null ? null : labelOf(MEMBER_LEVELS, next as MemberResult['level'], locale);
  if (zh) {
    return (
      `近${days}天消费${spend}:${label}` +
      (min != null ? `(${formatAmount(min)}起)` : '') +
      (nextLabel != null ? `;${nextLabel}需${formatAmount(nextMin)}` : '')
    );
  }
  return (
    `${spend} spent in the last ${days} days: ${label}` +
    (min != null ? ` (from ${formatAmount(min)})` : '') +
    (nextLabel != null ? `; ${nextLabel} from ${formatAmount(nextMin)}` : '')
  );
}

export function explainDepth(result: DepthResult, locale: Locale): string {
  const zh = locale === 'zh';
  const f = (key: string) => figure(result.figures, key);
  const label = labelOf(RELATIONSHIP_DEPTHS, result.depth, locale);
  const recent = f('recentFollowUps') as number;
  const deep = f('deepFollowUps') as number;
  const followUpDays = f('daysSinceLastFollowUp');
  const orderDays = f('daysSinceLastOrder');
  const followUpText =
    followUpDays == null
      ? zh
        ? '从未跟进'
        : 'never followed up'
      : zh
        ? `最近一次跟进在${followUpDays}天前`
        : `last follow-up ${followUpDays} days ago`;
  const orderText =
    orderDays == null ? (zh ? '从未成交' : 'never bought') : zh ? `最近一笔订单在${orderDays}天前` : `last order ${orderDays} days ago`;
  if (result.depth === 'DEEP' && recent >= deep) {
    return zh
      ? `近${f('deepFollowUpDays')}天跟进${recent}次(${deep}次起为深度关系) → ${label}`
      : `${recent} follow-ups in the last ${f('deepFollowUpDays')} days (${deep} make a deep relationship) → ${label}`;
  }
  if (result.depth === 'DEEP') {
    return zh
      ? `${followUpText}(${f('recentFollowUpDays')}天内),${orderText}(${f('recentOrderDays')}天内) → ${label}`
      : `${followUpText} (within ${f('recentFollowUpDays')} days) and ${orderText} (within ${f('recentOrderDays')} days) → ${label}`;
  }
  return zh
    ? `近${f('deepFollowUpDays')}天跟进${recent}次;${followUpText},${orderText};联系期${f('contactDays')}天 → ${label}`
    : `${recent} follow-ups in the last ${f('deepFollowUpDays')} days; ${followUpText}, ${orderText}; contact window ${f('contactDays')} days → ${label}`;
}

export function explainTrend(result: TrendResult, locale: Locale): string {
  const zh = locale === 'zh';
  const n = result.months.length / 2;
  const measure = result.volumeMeasure === 'AMOUNT' ? (zh ? '金额' : 'amount') : zh ? '数量' : 'quantity';
  const parts: string[] = [];
  const direction = labelOf(TREND_DIRECTIONS, result.direction, locale);
  parts.push(
    zh
      ? `近${n}个月${measure}${result.recentVolume},此前${n}个月${result.priorVolume}:${direction}`
      : `Last ${n} months ${measure} ${result.recentVolume} against ${result.priorVolume} in the ${n} before: ${direction}`,
  );
  if (result.flags.includes('DECLINING_VOLUME')) {
    const chain = result.months
      .slice(n - 1)
      .map((m) => `${m.month} ${m.volume}`)
      .join(' → ');
    parts.push(zh ? `${measure}连续${n}个月下降:${chain}` : `${measure} fell ${n} months in a row: ${chain}`);
  }
  if (result.flags.includes('SHRINKING_VARIETY')) {
    parts.push(
      zh
        ? `购买品种从${result.priorDistinctProducts}种减少到${result.recentDistinctProducts}种`
        : `distinct products fell from ${result.priorDistinctProducts} to ${result.recentDistinctProducts}`,
    );
  } else {
    parts.push(
      zh
        ? `购买品种${result.priorDistinctProducts}种 → ${result.recentDistinctProducts}种`
        : `distinct products ${result.priorDistinctProducts} → ${result.recentDistinctProducts}`,
    );
  }
  return parts.join(zh ? ';' : '; ');
}
