import * as R from '../../domain/records/records.enums';
import { enumOf } from './enums';

export const OrderStatusEnum = enumOf(R.ORDER_STATUSES, 'OrderStatus');
export const PaymentMethodEnum = enumOf(R.PAYMENT_METHODS, 'PaymentMethod');
export const FollowUpChannelEnum = enumOf(R.FOLLOW_UP_CHANNELS, 'FollowUpChannel');
export const FollowUpOutcomeEnum = enumOf(R.FOLLOW_UP_OUTCOMES, 'FollowUpOutcome');
export const InquiryStatusEnum = enumOf(R.INQUIRY_STATUSES, 'InquiryStatus');
export const InquiryUrgencyEnum = enumOf(R.INQUIRY_URGENCIES, 'InquiryUrgency');
export const NeedUrgencyEnum = enumOf(R.NEED_URGENCIES, 'NeedUrgency');
export const InquiryChannelEnum = enumOf(R.INQUIRY_CHANNELS, 'InquiryChannel');
export const ServiceCaseTypeEnum = enumOf(R.SERVICE_CASE_TYPES, 'ServiceCaseType');
export const ServiceCaseStatusEnum = enumOf(R.SERVICE_CASE_STATUSES, 'ServiceCaseStatus');

/** Labels of the record vocabularies, served by `vocabularies`. */
export const RECORD_VOCABULARIES = {
  CurrencyCode: R.CURRENCY_CODES,
  OrderStatus: R.ORDER_STATUSES,
  PaymentMethod: R.PAYMENT_METHODS,
  FollowUpChannel: R.FOLLOW_UP_CHANNELS,
  FollowUpOutcome: R.FOLLOW_UP_OUTCOMES,
  InquiryStatus: R.INQUIRY_STATUSES,
  InquiryUrgency: R.INQUIRY_URGENCIES,
  NeedUrgency: R.NEED_URGENCIES,
  InquiryChannel: R.INQUIRY_CHANNELS,
  ServiceCaseType: R.SERVICE_CASE_TYPES,
  ServiceCaseStatus: R.SERVICE_CASE_STATUSES,
} as const;
