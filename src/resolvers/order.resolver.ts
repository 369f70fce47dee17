import { Resolver } from 'type-graphql';

/** Placeholder: the order operations are being built. */
@Resolver()
export class OrderResolver {}

/** Every resolver class of this area, for build-schema. */
export const ORDER_RESOLVERS = [OrderResolver];
