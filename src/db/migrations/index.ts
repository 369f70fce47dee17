import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261123000000Initial } from './Migration20261123000000Initial';
import { Migration20261123010000Records } from './Migration20261123010000Records';
import { Migration20261123020000StatsNumeric } from './Migration20261123020000StatsNumeric';
import { Migration20261124000000Scoring } from './Migration20261124000000Scoring';
import { Migration20261125000000Segments } from './Migration20261125000000Segments';
import { Migration20261126000000LoginThrottle } from './Migration20261126000000LoginThrottle';
import { Migration20261206000000CustomerFacts } from './Migration20261206000000CustomerFacts';
import { Migration20261206100000Reminders } from './Migration20261206100000Reminders';
import { Migration20261206110000MarketingTouches } from './Migration20261206110000MarketingTouches';
import { Migration20261206120000LifecycleHistory } from './Migration20261206120000LifecycleHistory';
import { Migration20261206130000ProductAssociations } from './Migration20261206130000ProductAssociations';
import { Migration20261206140000SalesReportIndex } from './Migration20261206140000SalesReportIndex';
import { Migration20261207000000ChangeHistory } from './Migration20261207000000ChangeHistory';
import { Migration20261207010000Webhooks } from './Migration20261207010000Webhooks';
import { Migration20261207020000RateLimits } from './Migration20261207020000RateLimits';
import { Migration20261207030000CustomerDuplicates } from './Migration20261207030000CustomerDuplicates';
import { Migration20261207040000InquiryOverdueEvents } from './Migration20261207040000InquiryOverdueEvents';
import { Migration20261207050000CustomerMerge } from './Migration20261207050000CustomerMerge';
import { Migration20261207060000AssignmentBatches } from './Migration20261207060000AssignmentBatches';
import { Migration20261207070000ReminderDueEvents } from './Migration20261207070000ReminderDueEvents';
import { Migration20261207080000PinyinNameOrder } from './Migration20261207080000PinyinNameOrder';

/** Every migration, in order. A new migration file is also appended here. */
export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261123000000Initial', class: Migration20261123000000Initial },
  { name: 'Migration20261123010000Records', class: Migration20261123010000Records },
  { name: 'Migration20261123020000StatsNumeric', class: Migration20261123020000StatsNumeric },
  { name: 'Migration20261124000000Scoring', class: Migration20261124000000Scoring },
  { name: 'Migration20261125000000Segments', class: Migration20261125000000Segments },
  { name: 'Migration20261126000000LoginThrottle', class: Migration20261126000000LoginThrottle },
  { name: 'Migration20261206000000CustomerFacts', class: Migration20261206000000CustomerFacts },
  { name: 'Migration20261206100000Reminders', class: Migration20261206100000Reminders },
  { name: 'Migration20261206110000MarketingTouches', class: Migration20261206110000MarketingTouches },
  { name: 'Migration20261206120000LifecycleHistory', class: Migration20261206120000LifecycleHistory },
  { name: 'Migration20261206130000ProductAssociations', class: Migration20261206130000ProductAssociations },
  { name: 'Migration20261206140000SalesReportIndex', class: Migration20261206140000SalesReportIndex },
  { name: 'Migration20261207000000ChangeHistory', class: Migration20261207000000ChangeHistory },
  { name: 'Migration20261207010000Webhooks', class: Migration20261207010000Webhooks },
  { name: 'Migration20261207020000RateLimits', class: Migration20261207020000RateLimits },
  { name: 'Migration20261207030000CustomerDuplicates', class: Migration20261207030000CustomerDuplicates },
  { name: 'Migration20261207040000InquiryOverdueEvents', class: Migration20261207040000InquiryOverdueEvents },
  { name: 'Migration20261207050000CustomerMerge', class: Migration20261207050000CustomerMerge },
  { name: 'Migration20261207060000AssignmentBatches', class: Migration20261207060000AssignmentBatches },
  { name: 'Migration20261207070000ReminderDueEvents', class: Migration20261207070000ReminderDueEvents },
  { name: 'Migration20261207080000PinyinNameOrder', class: Migration20261207080000PinyinNameOrder },
];
