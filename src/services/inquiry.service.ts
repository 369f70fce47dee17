import type { ServiceContext } from './service-context';

/** Placeholder: the inquiry service is being built. */
export class InquiryService {
  constructor(protected readonly ctx: ServiceContext) {}
}
