import type { EntityManager } from '@mikro-orm/postgresql';
import { Inquiry } from '../entities';
import { childPageLoader } from '../db/queries/child-pages';

/** The inquiry loaders of one request: `customer.inquiries` for a whole page is one statement. */
export function inquiryLoaders(em: EntityManager) {
  return {
    inquiriesByCustomer: childPageLoader(em, {
      table: 'inquiry',
      parentColumn: 'customer_id',
      sortColumn: 'received_at',
      cursorKey: 'INQUIRY',
      entity: Inquiry,
    }),
  };
}
