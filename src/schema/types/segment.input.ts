import { IsInt, IsOptional, Length, MaxLength, Min } from 'class-validator';
import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { SEGMENT_FIELD_KEYS, SEGMENT_LIMITS, SEGMENT_OPERATORS, type SegmentOperator } from '../../domain/segments/segment-ast';
import { SEGMENT_FIELDS, SEGMENT_OPERATOR_INFO } from '../../domain/segments/segment-fields';
import { NotBlank } from './validators';

/** The catalogue keys in SCREAMING_SNAKE (`LAST_ORDER_AT`); the resolver receives the same code. */
export const SegmentFieldEnum = Object.fromEntries(SEGMENT_FIELD_KEYS.map((k) => [k.toUpperCase(), k.toUpperCase()])) as Record<
  string,
  string
>;
registerEnumType(SegmentFieldEnum, {
  name: 'SegmentField',
  description: 'A field of the segment language; the text form writes it in lower case (`last_order_at`).',
  valuesConfig: Object.fromEntries(
    SEGMENT_FIELD_KEYS.map((k) => {
      const def = SEGMENT_FIELDS[k];
      return [k.toUpperCase(), { description: `${def.label.zh} / ${def.label.en}: ${def.description} Example: \`${def.example}\`` }];
    }),
  ),
});

export const SegmentOperatorEnum = Object.fromEntries(SEGMENT_OPERATORS.map((o) => [o, o])) as { [K in SegmentOperator]: K };
registerEnumType(SegmentOperatorEnum, {
  name: 'SegmentOperator',
  description: 'How a condition compares its field with its values.',
  valuesConfig: Object.fromEntries(
    SEGMENT_OPERATORS.map((o) => {
      const info = SEGMENT_OPERATOR_INFO[o];
      const text = info.text ? ` Text form: \`${info.text}\`.` : ' Text form: the boolean function by itself.';
      return [o, { description: `${info.label.zh} / ${info.label.en}.${text}` }];
    }),
  ),
});

@InputType('SegmentConditionInput', {
  description: 'One condition: a field (with its argument, for functions), an operator and its values.',
})
export class SegmentConditionInput {
  @Field(() => SegmentFieldEnum)
  field!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'For functions: `BOUGHT_CATEGORY` a category name, `ORDERS_WITHIN` a window such as `90d` or `3m`, `CUSTOM` a custom field key, `TREND_FLAG` a flag.',
  })
  argument?: string | null;

  @Field(() => SegmentOperatorEnum, { nullable: true, description: 'Default `IS_TRUE`, for boolean functions such as `BOUGHT_CATEGORY`.' })
  op?: SegmentOperator | null;

  @Field(() => String, {
    nullable: true,
    description: 'The value of a one-value operator (`EQ`, `LT`, `CONTAINS`, …), as text: `1`, `REPEAT`, `-90d`, `2026-01-01`.',
  })
  value?: string | null;

  @Field(() => [String], { nullable: true, description: 'The values of `IN`, `NOT_IN` and `BETWEEN` (two).' })
  values?: string[] | null;
}

@InputType('CustomerSegmentFilter', {
  description:
    `A filter over customers (DOMAIN G1): exactly one of \`and\`, \`or\`, \`not\` and \`condition\` per node, at most ${SEGMENT_LIMITS.depth} levels deep. The same language as the text form, ` +
    'e.g. `stage IN (REPEAT, LOYAL) AND last_order_at < -90d AND city_tier = 1 AND NOT bought_category("耗材")`.',
})
export class CustomerSegmentFilter {
  @Field(() => [CustomerSegmentFilter], { nullable: true, description: 'Every one of these holds.' })
  and?: CustomerSegmentFilter[] | null;

  @Field(() => [CustomerSegmentFilter], { nullable: true, description: 'At least one of these holds.' })
  or?: CustomerSegmentFilter[] | null;

  @Field(() => CustomerSegmentFilter, { nullable: true, description: 'This does not hold.' })
  not?: CustomerSegmentFilter | null;

  @Field(() => SegmentConditionInput, { nullable: true })
  condition?: SegmentConditionInput | null;
}

const QUERY_DESCRIPTION =
  'The filter in the text form, e.g. `stage IN (REPEAT, LOYAL) AND last_order_at < -90d`. Give exactly one of `query` and `filter`; ' +
  'a query that does not parse is a BAD_USER_INPUT error giving the line, the column and what was expected there.';

@InputType()
export class SegmentCreateInput {
  @Field({ description: '1–100 characters, unique (ignoring case) among the segments.' })
  @Length(1, 100)
  @NotBlank()
  name!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  description?: string | null;

  @Field(() => String, { nullable: true, description: QUERY_DESCRIPTION })
  query?: string | null;

  @Field(() => CustomerSegmentFilter, {
    nullable: true,
    description: 'The filter in the typed form; give exactly one of `query` and `filter`.',
  })
  filter?: CustomerSegmentFilter | null;
}

/** Absent fields stay as they are; giving `query` or `filter` replaces the rule. */
@InputType()
export class SegmentUpdateInput {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { nullable: true, description: 'Refuse the change (CONFLICT) unless the segment is still at this version.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 100)
  @NotBlank()
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'null clears it.' })
  @IsOptional()
  @MaxLength(500)
  description?: string | null;

  @Field(() => String, { nullable: true, description: QUERY_DESCRIPTION })
  query?: string | null;

  @Field(() => CustomerSegmentFilter, { nullable: true })
  filter?: CustomerSegmentFilter | null;
}

@InputType()
export class SegmentDeleteInput {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { nullable: true, description: 'Refuse (CONFLICT) unless the segment is still at this version.' })
  expectedVersion?: number | null;
}
