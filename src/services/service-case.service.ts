import type { ServiceContext } from './service-context';

/** Placeholder: the service-case service is being built. */
export class ServiceCaseService {
  constructor(protected readonly ctx: ServiceContext) {}
}
