import { ArrayMaxSize, IsOptional, Matches } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { IDEMPOTENCY_KEY, IDEMPOTENCY_RULE } from './order.input';

@InputType({ description: 'Take this field of the merged customer from this source instead of the target.' })
export class CustomerMergeFieldChoice {
  @Field({
    description: 'name, companyName, phone, email, birthday, gender, province, city, industry, occupation, source or notes.',
  })
  field!: string;

  @Field(() => ID, { description: 'One of sourceIds.' })
  sourceId!: string;
}

@InputType()
export class CustomerMergeInput {
  @Field(() => ID, { description: 'The customer that stays.' })
  targetId!: string;

  @Field(() => [ID], { description: '1 to 10 customers merged into the target: they stay as archived tombstones whose ids resolve to it.' })
  @ArrayMaxSize(10)
  sourceIds!: string[];

  @Field(() => [CustomerMergeFieldChoice], {
    nullable: true,
    description: "Fields taken from a source; the target's own values otherwise.",
  })
  @IsOptional()
  @ArrayMaxSize(20)
  fieldChoices?: CustomerMergeFieldChoice[] | null;

  @Field(() => String, {
    nullable: true,
    description: 'Retry-safe key: the same key with the same input returns the first result and merges nothing more.',
  })
  @IsOptional()
  @Matches(IDEMPOTENCY_KEY, IDEMPOTENCY_RULE)
  idempotencyKey?: string | null;
}
