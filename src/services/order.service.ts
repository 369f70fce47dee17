import type { ServiceContext } from './service-context';

/** Placeholder: the order service is being built. */
export class OrderService {
  constructor(protected readonly ctx: ServiceContext) {}
}
