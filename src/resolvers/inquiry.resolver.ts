import { Resolver } from 'type-graphql';

/** Placeholder: the inquiry operations are being built. */
@Resolver()
export class InquiryResolver {}

/** Every resolver class of this area, for build-schema. */
export const INQUIRY_RESOLVERS = [InquiryResolver];
