import DataLoader from 'dataloader';
import { tracedBatch } from '../lib/spans';
import type { MarketingEligibility } from '../domain/reminders/marketing-eligibility';
import type { EligibleFor } from '../services/marketing-cap';
import type { MarketingService } from '../services/marketing.service';

/**
 * `customer.marketingEligibility(channel, purpose)` for a whole page of customers: one
 * statement per channel and purpose asked (marketing.service.ts), whatever the page size.
 */
export function marketingLoaders(marketing: MarketingService) {
  const loaders = new Map<string, DataLoader<number, MarketingEligibility>>();
  return {
    marketingEligibility(eligibleFor: EligibleFor): DataLoader<number, MarketingEligibility> {
      const key = `${eligibleFor.channel}|${eligibleFor.purpose}`;
      let loader = loaders.get(key);
      if (!loader) {
        loader = new DataLoader<number, MarketingEligibility>(
          tracedBatch('marketingEligibility', async (customerIds) => {
            const byId = await marketing.eligibility(eligibleFor, customerIds);
            return customerIds.map((id) => byId.get(id) ?? new Error(`no customer ${id}`));
          }),
        );
        loaders.set(key, loader);
      }
      return loader;
    },
  };
}
