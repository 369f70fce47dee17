import DataLoader from 'dataloader';
import { tracedBatch } from '../lib/spans';
import type { Suggestion } from '../domain/cross-sell/suggestions';
import type { AssociationPage, AssociationPageRequest, CrossSellService } from '../services/cross-sell.service';

/**
 * The cross-sell loaders of one request: `product.boughtTogether` for a page of products is one
 * statement per page request (limit, direction, cursors), and `customer.productSuggestions` for a page of customers three
 * statements in all (CrossSellService.suggestionsFor).
 */
export function crossSellLoaders(crossSell: CrossSellService) {
  const pages = new Map<string, DataLoader<number, AssociationPage>>();
  return {
    associationPage(page: AssociationPageRequest): DataLoader<number, AssociationPage> {
      const key = JSON.stringify(page);
      let loader = pages.get(key);
      if (!loader) {
        loader = new DataLoader<number, AssociationPage>(
          tracedBatch('associationPage', async (ids) => {
            const found = await crossSell.associationsOf(ids, page);
            return ids.map((id) => found.get(id)!);
          }),
        );
        pages.set(key, loader);
      }
      return loader;
    },
    associationCount: new DataLoader<number, number>(
      tracedBatch('associationCount', async (ids) => {
        const counts = await crossSell.associationCounts(ids);
        return ids.map((id) => counts.get(id) ?? 0);
      }),
    ),
    suggestionsOfCustomer: new DataLoader<number, Suggestion[]>(
      tracedBatch('suggestionsOfCustomer', async (ids) => {
        const found = await crossSell.suggestionsFor(ids);
        return ids.map((id) => found.get(id) ?? []);
      }),
    ),
  };
}

export type CrossSellLoaders = ReturnType<typeof crossSellLoaders>;
