import { Resolver } from 'type-graphql';

/** Placeholder: the product operations are being built. */
@Resolver()
export class ProductResolver {}

/** Every resolver class of this area, for build-schema. */
export const PRODUCT_RESOLVERS = [ProductResolver];
