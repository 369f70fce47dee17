import { ArrayMaxSize, IsInt, IsOptional, Length, Max, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import type { CustomFieldType } from '../../domain/customer/custom-field';
import { CustomFieldTypeEnum } from './enums';
import { NotBlank } from './validators';

@InputType()
export class CustomFieldDefinitionCreateInput {
  @Field({ description: 'Stable key, e.g. `purchase_budget`: a-z, 0-9 and _, starting with a letter.' })
  @Length(1, 50)
  key!: string;

  @Field()
  @Length(1, 100)
  @NotBlank()
  label!: string;

  @Field(() => CustomFieldTypeEnum)
  type!: CustomFieldType;

  @Field(() => [String], { nullable: true, description: 'Allowed values; OPTION fields only.' })
  @IsOptional()
  @ArrayMaxSize(100)
  @Length(1, 100, { each: true })
  options?: string[];

  @Field({ nullable: true })
  required?: boolean;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000)
  position?: number;
}

@InputType()
export class CustomFieldDefinitionUpdateInput {
  @Field(() => ID)
  id!: string;

  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 100)
  @NotBlank()
  label?: string;

  @Field(() => [String], { nullable: true, description: 'Replaces the options; values already stored stay.' })
  @IsOptional()
  @ArrayMaxSize(100)
  @Length(1, 100, { each: true })
  options?: string[];

  @Field({ nullable: true })
  required?: boolean;

  @Field({ nullable: true })
  active?: boolean;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000)
  position?: number;
}
