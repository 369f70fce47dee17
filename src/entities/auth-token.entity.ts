import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { User } from './user.entity';

/** A staff session. Only the SHA-256 of the random bearer token is stored. */
@Entity({ tableName: 'auth_token' })
export class AuthToken {
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => User, { deleteRule: 'cascade', updateRule: 'no action', index: true })
  user!: User;

  @Unique({ name: 'auth_token_hash_unique' })
  @Property({ type: 'string', length: 64 })
  tokenHash!: string;

  @Index({ name: 'auth_token_expires_at_idx' })
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  expiresAt!: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date = new Date();
}
