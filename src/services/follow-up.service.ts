import type { ServiceContext } from './service-context';

/** Placeholder: the follow-up service is being built. */
export class FollowUpService {
  constructor(protected readonly ctx: ServiceContext) {}
}
