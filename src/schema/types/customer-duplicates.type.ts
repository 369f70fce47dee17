import { ArgsType, Field, Float, InputType, Int, ObjectType } from 'type-graphql';
import { DUPLICATE_REASONS, type DuplicateReason } from '../../domain/customer/duplicates';
import { ConnectionType } from './connection.type';
import { enumOf } from './enums';
import { PaginationArgs } from '../../resolvers/pagination.args';

export const DuplicateReasonEnum = enumOf(DUPLICATE_REASONS, 'DuplicateReason', 'Why two customers may be the same.');

@ObjectType('DuplicateCandidate', { description: 'Another customer that may be the same person or company (`customer` is it).' })
export class DuplicateCandidateType {
  @Field(() => [DuplicateReasonEnum])
  reasons!: DuplicateReason[];

  @Field(() => Float, { description: '1 for a shared phone, email or WeChat id; else the similarity of name and company (0.6–1).' })
  score!: number;
}

@ObjectType('CustomerDuplicateCheck', {
  description:
    'What customerCreate and customerUpdate found: customers that may be the same (a warning: the write is done, unless the company ' +
    'refuses duplicates, CUSTOMER_DUPLICATES=refuse, which answers a DUPLICATE user error instead).',
})
export class CustomerDuplicateCheckType {
  @Field(() => [DuplicateCandidateType], { description: 'Up to 10, most certain first, within your data scope.' })
  candidates!: DuplicateCandidateType[];

  @Field(() => Int, { description: "Candidates outside your data scope (other salespeople's customers): ask a manager." })
  hiddenCount!: number;
}

@ObjectType('CustomerDuplicateGroup', { description: 'A customer (`customer`) and the customers after it that may be the same.' })
export class CustomerDuplicateGroupType {
  @Field(() => [DuplicateCandidateType])
  candidates!: DuplicateCandidateType[];
}

@ObjectType()
export class CustomerDuplicateGroupConnection extends ConnectionType(CustomerDuplicateGroupType, 'CustomerDuplicateGroup') {}

@InputType()
export class CustomerDuplicatesFilter {
  @Field(() => [DuplicateReasonEnum], { nullable: true, description: 'Only groups found by these reasons; all by default.' })
  reasons?: DuplicateReason[] | null;
}

@ArgsType()
export class CustomerDuplicatesArgs extends PaginationArgs {
  @Field(() => CustomerDuplicatesFilter, { nullable: true }) filter?: CustomerDuplicatesFilter | null;
}
