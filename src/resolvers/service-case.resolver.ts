import { Resolver } from 'type-graphql';

/** Placeholder: the service-case operations are being built. */
@Resolver()
export class ServiceCaseResolver {}

/** Every resolver class of this area, for build-schema. */
export const SERVICE_CASE_RESOLVERS = [ServiceCaseResolver];
