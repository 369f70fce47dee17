import type { ServiceContext } from './service-context';

/** Placeholder: the product service is being built. */
export class ProductService {
  constructor(protected readonly ctx: ServiceContext) {}
}
