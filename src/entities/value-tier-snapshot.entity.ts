import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { VALUE_TIERS, type ValueTier } from '../domain/scoring/scoring.enums';
import { Customer } from './customer.entity';
import { ScoringSnapshotRun } from './scoring-snapshot-run.entity';

/**
 * A customer's value tier as a snapshot found it, stored only when it differs from the
 * customer's previous snapshot (DOMAIN S5): the rows are the tier changes.
 */
@Entity({ tableName: 'value_tier_snapshot' })
@Index({ name: 'value_tier_snapshot_customer_idx', properties: ['customer', 'takenAt', 'id'] })
@Index({ name: 'value_tier_snapshot_move_idx', properties: ['previousTier', 'tier', 'takenAt', 'id'] })
export class ValueTierSnapshot {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => ScoringSnapshotRun, { deleteRule: 'cascade', updateRule: 'no action' })
  run!: ScoringSnapshotRun;

  @ManyToOne(() => Customer, { deleteRule: 'cascade', updateRule: 'no action' })
  customer!: Customer;

  @Enum({ items: () => [...VALUE_TIERS.values], type: 'string' })
  tier!: ValueTier;

  /** Null for the customer's first snapshot. */
  @Enum({ items: () => [...VALUE_TIERS.values], type: 'string', nullable: true })
  previousTier?: ValueTier | null;

  /** The value score (0–100, 2 decimals) that gave the tier. */
  @Property({ type: 'decimal', precision: 6, scale: 2 })
  score!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  takenAt!: Date;
}
