import Decimal from 'decimal.js';
import { IMPORTANT_DATE_KINDS, labelOf, type ImportantDateKind, type Locale } from '../customer/customer.enums';
import { SERVICE_CASE_TYPES, type ServiceCaseType } from '../records/records.enums';
import type { ReminderKind } from './reminder.enums';
import type { ReminderFigures } from './reminder-rules';
import { dateTimeFormatIn } from '../common/calendar';

/**
 * Why a reminder fired, in the reader's language, with the figures that fired it (DOMAIN
 * M2, S8 style): "last purchase 2026-08-02 of 3 × 墨盒, usage cycle 30 days: used up around
 * 2026-11-01". The figures are the ones the rules computed (TypeScript or SQL), never read
 * again here.
 */
export function reminderReason(
  kind: ReminderKind,
  figures: ReminderFigures,
  due: { dueOn: string; dueAt: Date | null },
  locale: Locale,
  timeZone: string,
): string {
  const f = (key: string) => figures[key];
  const s = (key: string) => (f(key) == null ? '' : String(f(key)));
  const zh = locale === 'zh';
  switch (kind) {
    case 'PRODUCT_USED_UP':
      return zh
        ? `上次购买 ${s('orderedOn')}：${qty(s('quantity'))} × ${s('product')}，使用周期 ${s('usageCycleDays')} 天，预计 ${s('usedUpOn')} 前后用完`
        : `last purchase ${s('orderedOn')} of ${qty(s('quantity'))} × ${s('product')}, usage cycle ${s('usageCycleDays')} days: used up around ${s('usedUpOn')}`;
    case 'MAINTENANCE_DUE':
      return zh
        ? `${s('product')} ${f('sinceMaintenance') ? '上次保养' : '购买于'} ${s('since')}，保养间隔 ${s('maintenanceIntervalDays')} 天，应于 ${s('maintenanceOn')} 保养`
        : `${s('product')} ${f('sinceMaintenance') ? 'last maintained' : 'bought'} ${s('since')}, maintenance every ${s('maintenanceIntervalDays')} days: due ${s('maintenanceOn')}`;
    case 'NO_FOLLOW_UP':
      return zh
        ? `最近一次跟进在 ${s('lastFollowUpOn')}，已超过 ${s('days')} 天未跟进`
        : `last follow-up ${s('lastFollowUpOn')}: no follow-up for ${s('days')} days`;
    case 'NEVER_FOLLOWED_UP':
      return zh
        ? `客户创建于 ${s('createdOn')}，${s('days')} 天内从未跟进`
        : `created ${s('createdOn')} and never followed up within ${s('days')} days`;
    case 'NO_REPURCHASE': {
      const median = f('medianIntervalDays');
      return zh
        ? `最近一次购买在 ${s('lastOrderOn')}，${median == null ? '' : `平时约每 ${days(median)} 天购买一次，`}已 ${s('days')} 天未复购`
        : `last purchase ${s('lastOrderOn')}${median == null ? '' : `, usually every ${days(median)} days`}: no repurchase for ${s('days')} days`;
    }
    case 'NEVER_PURCHASED':
      return zh
        ? `客户创建于 ${s('createdOn')}，${s('days')} 天内从未购买`
        : `created ${s('createdOn')} and no purchase within ${s('days')} days`;
    case 'NEXT_FOLLOW_UP_DUE':
      return zh ? `上次跟进计划在 ${s('plannedOn')} 再次跟进` : `the last follow-up planned the next one for ${s('plannedOn')}`;
    case 'BIRTHDAY':
      return zh ? `${s('on')} 是客户生日（${s('date')}）` : `birthday on ${s('on')} (born ${s('date')})`;
    case 'ANNIVERSARY': {
      const kindLabel = labelOf(IMPORTANT_DATE_KINDS, s('dateKind') as ImportantDateKind, locale);
      const label = s('label') || kindLabel;
      return zh
        ? `${s('on')} 是${label}（${s('date')}，${s('years')} 周年）`
        : `${label} on ${s('on')} (${s('date')}, ${s('years')} years)`;
    }
    case 'HOLIDAY':
      return zh ? `${s('on')} 是${s('holidayZh')}，向重要客户问候` : `${s('holidayEn')} on ${s('on')}: greet ${s('tier')} customers`;
    case 'RENEWAL_DUE': {
      const type = labelOf(SERVICE_CASE_TYPES, s('caseType') as ServiceCaseType, locale);
      return zh ? `${type}于 ${s('endsOn')} 到期，提醒续约` : `${type} coverage ends ${s('endsOn')}: offer a renewal`;
    }
    case 'INQUIRY_RESPONSE_OVERDUE': {
      const at = due.dueAt ? localTime(due.dueAt, timeZone) : due.dueOn;
      return zh ? `询盘应在 ${at} 前首次回复，至今未回复` : `the inquiry had to be answered by ${at} and has not been`;
    }
    case 'PURCHASE_TREND_FALLING': {
      const parts: string[] = [];
      if (f('decliningVolume')) parts.push(zh ? '采购量连续数月下降' : 'purchases fell month after month');
      if (f('shrinkingVariety')) {
        parts.push(
          zh
            ? `购买品种从 ${s('priorProducts')} 种减少到 ${s('recentProducts')} 种`
            : `product variety shrank from ${s('priorProducts')} to ${s('recentProducts')}`,
        );
      }
      return parts.join(zh ? '；' : '; ');
    }
    case 'VIP_REVIEW_DUE':
      return zh
        ? `${f('reviewed') ? `上次业务回顾在 ${s('since')}` : `自 ${s('since')} 起未做业务回顾`}，每 ${s('everyMonths')} 个月回顾一次，应于 ${due.dueOn} 回顾`
        : `${f('reviewed') ? `last business review ${s('since')}` : `no business review since ${s('since')}`}, one every ${s('everyMonths')} months: due ${due.dueOn}`;
  }
}

/** A quantity without trailing zeros ("3.000" → "3"). */
function qty(text: string): string {
  return text === '' ? text : new Decimal(text).toString();
}

function days(value: string | number | boolean): string {
  return String(Number(value));
}

function localTime(at: Date, timeZone: string): string {
  const format = dateTimeFormatIn(
    'reminder-time',
    timeZone,
    () =>
      new Intl.DateTimeFormat('en-CA', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }),
  );
  const p = Object.fromEntries(format.formatToParts(at).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}
