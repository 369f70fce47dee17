import { Entity, Enum, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { User } from './user.entity';

export const SNAPSHOT_TRIGGERS = ['SCHEDULE', 'ON_DEMAND'] as const;
export type SnapshotTrigger = (typeof SNAPSHOT_TRIGGERS)[number];

/** One value-tier snapshot (DOMAIN S5): when, why, how many customers and how many changed tier. */
@Entity({ tableName: 'scoring_snapshot_run' })
export class ScoringSnapshotRun {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Enum({ items: () => [...SNAPSHOT_TRIGGERS], type: 'string' })
  trigger!: SnapshotTrigger;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  takenAt!: Date;

  /** The company-local day the tiers were computed for. */
  @Property({ type: 'date' })
  takenOn!: string;

  /** Active customers whose tier was computed. */
  @Property({ type: 'integer' })
  customerCount!: number;

  /** Of those, the ones whose tier differs from their previous snapshot (rows written). */
  @Property({ type: 'integer' })
  changeCount!: number;

  /** The scoring settings version the tiers were computed with. */
  @Property({ type: 'integer' })
  settingsVersion!: number;

  /** Null for the scheduled job. */
  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null', updateRule: 'no action' })
  requestedBy?: User | null;
}
