import { Entity, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { SegmentNode } from '../domain/segments/segment-ast';
import { User } from './user.entity';

/**
 * A saved, named customer filter (DOMAIN G1). Membership is never stored: it is evaluated
 * from `filter` whenever it is asked for. Deleting sets `deletedAt`; the name is unique
 * (case-insensitively) among the segments not deleted.
 */
@Entity({ tableName: 'segment' })
export class Segment {
  [OptionalProps]?: 'description' | 'queryText' | 'createdBy' | 'updatedBy' | 'deletedAt' | 'version' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Property({ type: 'string', length: 100 })
  name!: string;

  @Property({ type: 'string', length: 500, nullable: true })
  description?: string | null;

  /** The text form as written, or the canonical text of a filter saved from the typed form. */
  @Property({ type: 'text', nullable: true })
  queryText?: string | null;

  /** The parsed and checked tree (`SegmentNode`). */
  @Property({ type: 'json', columnType: 'jsonb' })
  filter!: SegmentNode;

  /** Null when a partner's API key created it. */
  @ManyToOne(() => User, { nullable: true, deleteRule: 'restrict', updateRule: 'no action' })
  createdBy?: User | null;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'restrict', updateRule: 'no action' })
  updatedBy?: User | null;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  updatedAt: Date = new Date();

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  deletedAt?: Date | null;

  /** Bumped by every update; `expectedVersion` refuses overwriting someone else's change. */
  @Property({ type: 'integer' })
  version: number = 1;
}
