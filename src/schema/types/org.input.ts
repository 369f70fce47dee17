import { ArrayMaxSize, IsOptional, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { RoleEnum } from './enums';
import { ruleText } from './rule-text';
import { NotBlank } from './validators';
import type { Role } from '../../domain/access/role';

@InputType()
export class DepartmentCreateInput {
  @Field()
  @Length(1, 100)
  @NotBlank()
  name!: string;

  @Field(() => ID, { nullable: true, description: 'Parent department; omit for a top-level department.' })
  parentId?: string | null;
}

@InputType()
export class DepartmentUpdateInput {
  @Field(() => ID)
  id!: string;

  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 100)
  @NotBlank()
  name?: string;

  @Field(() => ID, { nullable: true, description: 'Move under another department; null makes it top-level.' })
  parentId?: string | null;
}

@InputType()
export class DepartmentFilter {
  @Field(() => ID, { nullable: true, description: 'Only the direct children of this department.' })
  parentId?: string | null;

  @Field({ nullable: true, description: 'Only top-level departments.' })
  rootsOnly?: boolean;
}

@InputType()
export class StoreCreateInput {
  @Field()
  @Length(1, 100)
  @NotBlank()
  name!: string;

  @Field(() => ID)
  departmentId!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(50)
  city?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(300)
  address?: string | null;
}

@InputType()
export class StoreUpdateInput {
  @Field(() => ID)
  id!: string;

  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 100)
  @NotBlank()
  name?: string;

  @Field(() => ID, { nullable: true })
  departmentId?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(50)
  city?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(300)
  address?: string | null;

  @Field({ nullable: true })
  active?: boolean;
}

@InputType()
export class StoreFilter {
  @Field(() => ID, { nullable: true })
  departmentId?: string | null;

  @Field({ nullable: true })
  active?: boolean;
}

@InputType()
export class UserCreateInput {
  @Field()
  @Length(1, 100)
  @NotBlank()
  name!: string;

  @Field()
  @MaxLength(254)
  email!: string;

  @Field(() => String, { nullable: true })
  phone?: string | null;

  @Field(() => RoleEnum)
  role!: Role;

  @Field(() => ID, { nullable: true, description: 'Required for MANAGER and SALES.' })
  departmentId?: string | null;

  @Field(() => ID, { nullable: true })
  storeId?: string | null;

  @Field({ description: 'At least 10 characters, not a common password (see the password policy).' })
  password!: string;
}

@InputType()
export class UserUpdateInput {
  @Field(() => ID)
  id!: string;

  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 100)
  @NotBlank()
  name?: string;

  @Field({ nullable: true })
  @IsOptional()
  @MaxLength(254)
  email?: string;

  @Field(() => String, { nullable: true })
  phone?: string | null;

  @Field(() => RoleEnum, { nullable: true })
  role?: Role;

  @Field(() => ID, { nullable: true })
  departmentId?: string | null;

  @Field(() => ID, { nullable: true })
  storeId?: string | null;

  @Field({ nullable: true, description: 'An inactive user cannot log in; their sessions end.' })
  active?: boolean;

  @Field({ nullable: true, description: 'At least 10 characters, not a common password (see the password policy).' })
  password?: string;
}

@InputType()
export class UserFilter {
  @Field(() => RoleEnum, { nullable: true })
  role?: Role;

  @Field(() => ID, { nullable: true, description: 'Users of this department and its subtree.' })
  departmentId?: string | null;

  @Field(() => ID, { nullable: true })
  storeId?: string | null;

  @Field({ nullable: true })
  active?: boolean;

  @Field({ nullable: true, description: 'Matches name or email.' })
  @IsOptional()
  @MaxLength(100)
  search?: string;
}

@InputType()
export class LoginInput {
  @Field()
  @MaxLength(254)
  email!: string;

  @Field()
  @MaxLength(200)
  password!: string;
}

@InputType()
export class RateLimitInput {
  @Field(() => Int, { description: 'Points the bucket holds when full: 1 to 1,000,000.' })
  @Min(1)
  @Max(1_000_000)
  capacity!: number;

  @Field(() => Int, { description: 'Points restored each second: 1 to 1,000,000.' })
  @Min(1)
  @Max(1_000_000)
  restorePerSecond!: number;
}

@InputType()
export class ApiKeyCreateInput {
  @Field()
  @Length(1, 100)
  @NotBlank()
  name!: string;

  @Field(() => [String], { description: 'e.g. ["customers:read", "customers:write"]' })
  @ArrayMaxSize(50)
  @Matches(
    /^[a-z]+:(read|write)$/,
    ruleText('每个权限范围都必须形如 "area:read" 或 "area:write"', 'each scope must look like "area:read" or "area:write"', { each: true }),
  )
  scopes!: string[];

  @Field(() => Date, { nullable: true, description: 'When the key stops working; must be in the future. Omit for no expiry.' })
  expiresAt?: Date | null;

  @Field(() => RateLimitInput, { nullable: true, description: "A rate-limit bucket of the key's own; omit for the company's." })
  @IsOptional()
  @ValidateNested()
  rateLimit?: RateLimitInput | null;
}

@InputType()
export class ApiKeyRevokeInput {
  @Field(() => ID)
  id!: string;
}
