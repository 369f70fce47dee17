import DataLoader from 'dataloader';
import { tracedBatch } from '../lib/spans';
import type { TrendResult } from '../domain/scoring/trend';
import type { ScoredCustomer, ScoringService } from '../services/scoring.service';

/** Scores and trends of a whole page of customers: one statement each, whatever the page size. */
export function scoringLoaders(scoring: ScoringService) {
  return {
    scoredCustomer: new DataLoader<number, ScoredCustomer | null>(
      tracedBatch('scoredCustomer', async (ids) => {
        const scored = await scoring.score(ids);
        return ids.map((id) => scored.get(id) ?? null);
      }),
    ),
    customerTrend: new DataLoader<number, TrendResult>(
      tracedBatch('customerTrend', async (ids) => {
        const trends = await scoring.trends(ids);
        return ids.map((id) => trends.get(id)!);
      }),
    ),
  };
}
