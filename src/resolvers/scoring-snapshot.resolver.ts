import { Args, ArgsType, Authorized, Ctx, Field, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { ValueTier } from '../domain/scoring/scoring.enums';
import type { ScoringSnapshotRun } from '../entities';
import type { TierMigration } from '../services/scoring-snapshot.service';
import { toGlobalId } from '../schema/global-id';
import { CustomerType } from '../schema/types/customer.type';
import {
  ScoringSnapshotRunType,
  ScoringSnapshotTakePayload,
  TierMigrationConnection,
  TierMigrationType,
} from '../schema/types/lifecycle.type';
import { ValueTierEnum } from '../schema/types/scoring.enums';
import { actingUserId } from '../services/service-context';
import { needs } from './access';
import type { GraphQLContext } from './context';
import { PaginationArgs } from './pagination.args';
import type { ConnectionResult } from '../lib/connection';

const READ = needs({ scope: 'customers:read' });
const ADMIN = needs({ roles: ['ADMIN'] });

@ArgsType()
class TierMigrationsArgs extends PaginationArgs {
  @Field(() => ValueTierEnum, { nullable: true, description: 'Only moves out of this tier.' })
  from?: ValueTier | null;

  @Field(() => ValueTierEnum, { nullable: true, description: 'Only moves into this tier.' })
  to?: ValueTier | null;

  @Field(() => Date, { nullable: true, description: 'Snapshots taken at or after this instant.' })
  since?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Snapshots taken at or before this instant; not before `since`.' })
  until?: Date | null;
}

@Resolver(() => TierMigrationType)
export class TierMigrationResolver {
  @Authorized(READ)
  @Query(() => TierMigrationConnection, {
    description:
      'Customers moving between value tiers at the snapshots (DOMAIN S5: a MAJOR that became VIP, a VIP that fell), newest first, ' +
      'within your data scope. A customer’s first snapshot is not a move.',
  })
  tierMigrations(@Args() args: TierMigrationsArgs, @Ctx() ctx: GraphQLContext): Promise<ConnectionResult<TierMigrationType>> {
    // A TierMigration has the fields of TierMigrationType, under the same names.
    return ctx.services.scoringSnapshots.tierMigrations({ from: args.from, to: args.to, since: args.since, until: args.until }, args);
  }

  @FieldResolver(() => CustomerType, { description: 'A customer in your data scope (the list is filtered by it).' })
  customer(@Root() m: TierMigration, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.customerOfRecord.load(m.customerId);
  }
}

@Resolver(() => ScoringSnapshotRunType)
export class ScoringSnapshotResolver {
  @Authorized(ADMIN)
  @Mutation(() => ScoringSnapshotTakePayload, {
    description:
      'Takes a value-tier snapshot of every active customer now (admin only); the daily job takes one at 02:00 company time. ' +
      'Only changed tiers are stored. CONFLICT while another snapshot is being taken.',
  })
  scoringSnapshotTake(@Ctx() ctx: GraphQLContext) {
    return ctx.services.scoringSnapshots.takeOnDemand(actingUserId(ctx));
  }

  @FieldResolver(() => String)
  id(@Root() run: ScoringSnapshotRun): string {
    return toGlobalId('ScoringSnapshotRun', run.id);
  }
}
