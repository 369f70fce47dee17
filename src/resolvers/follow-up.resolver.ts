import { Resolver } from 'type-graphql';

/** Placeholder: the follow-up operations are being built. */
@Resolver()
export class FollowUpResolver {}

/** Every resolver class of this area, for build-schema. */
export const FOLLOW_UP_RESOLVERS = [FollowUpResolver];
