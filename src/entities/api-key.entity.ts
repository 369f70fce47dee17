import { ArrayType, Entity, ManyToOne, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { User } from './user.entity';

/** A partner's API key. The secret is shown once; only its SHA-256 and a prefix are kept. */
@Entity({ tableName: 'api_key' })
export class ApiKey {
  [OptionalProps]?: 'scopes' | 'createdAt';

  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Property({ type: 'string', length: 100 })
  name!: string;

  @Property({ type: 'string', length: 20 })
  prefix!: string;

  @Unique({ name: 'api_key_secret_hash_unique' })
  @Property({ type: 'string', length: 64 })
  secretHash!: string;

  @Property({ type: ArrayType, columnType: 'text[]' })
  scopes: string[] = [];

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  expiresAt?: Date | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  revokedAt?: Date | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  lastUsedAt?: Date | null;

  /** The key's own rate-limit bucket (issue 17): both set, or neither (the company default). */
  @Property({ type: 'integer', nullable: true })
  rateCapacity?: number | null;

  @Property({ type: 'integer', nullable: true })
  rateRestorePerSecond?: number | null;

  @ManyToOne(() => User, { deleteRule: 'restrict', updateRule: 'no action' })
  createdBy!: User;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date = new Date();
}
