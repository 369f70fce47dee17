import { ValidateNested } from 'class-validator';
import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Product, ProductCategory } from '../entities';
import { localIdOf, toGlobalId } from '../schema/global-id';
import { DecimalScalar } from '../schema/scalars/decimal.scalar';
import { money, MoneyType } from '../schema/types/money.type';
import {
  ProductCategoryCreateInput,
  ProductCategoryFilter,
  ProductCategoryUpdateInput,
  ProductCreateInput,
  ProductFilter,
  ProductSortKey,
  ProductUpdateInput,
} from '../schema/types/product.input';
import {
  ProductCategoryConnection,
  ProductCategoryPayload,
  ProductCategoryType,
  ProductConnection,
  ProductPayload,
  ProductType,
} from '../schema/types/product.type';
import { grossMarginPercent } from '../services/product.service';
import { needs } from './access';
import type { GraphQLContext } from './context';
import { PaginationArgs } from './pagination.args';
import {
  categoryCreateCommand,
  categoryListFilter,
  categoryUpdateCommand,
  productCreateCommand,
  productListFilter,
  productUpdateCommand,
} from './product.mapper';

const READ = needs({ scope: 'products:read' });
/** Admins and managers keep the catalogue; partners need products:write. */
const WRITE = needs({ roles: ['ADMIN', 'MANAGER'], scope: 'products:write' });

@ArgsType()
class ProductCategoriesArgs extends PaginationArgs {
  @Field(() => ProductCategoryFilter, { nullable: true })
  filter?: ProductCategoryFilter | null;
}

@ArgsType()
class ProductsArgs extends PaginationArgs {
  @Field(() => ProductFilter, { nullable: true })
  @ValidateNested() // the filter's own rules (search length)
  filter?: ProductFilter | null;

  @Field(() => ProductSortKey, { defaultValue: ProductSortKey.NAME })
  sortKey!: ProductSortKey;

  @Field({ defaultValue: false, description: 'Reverse the order of sortKey.' })
  reverse!: boolean;
}

@Resolver(() => ProductCategoryType)
export class ProductCategoryResolver {
  @Authorized(READ)
  @Query(() => ProductCategoryConnection, { description: 'Product categories in tree order (parents before children).' })
  productCategories(@Args() args: ProductCategoriesArgs, @Ctx() ctx: GraphQLContext) {
    return ctx.services.products.listCategories(args, categoryListFilter(args.filter));
  }

  @Authorized(WRITE)
  @Mutation(() => ProductCategoryPayload)
  async productCategoryCreate(@Arg('input', { validate: false }) input: ProductCategoryCreateInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.products.createCategory(await categoryCreateCommand(input));
  }

  @Authorized(WRITE)
  @Mutation(() => ProductCategoryPayload, { description: 'Renames or moves a category; its subtree moves with it.' })
  async productCategoryUpdate(@Arg('input', { validate: false }) input: ProductCategoryUpdateInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.products.updateCategory(await categoryUpdateCommand(input));
  }

  @FieldResolver(() => String)
  id(@Root() category: ProductCategory): string {
    return toGlobalId('ProductCategory', category.id);
  }

  @FieldResolver(() => ProductCategoryType, { nullable: true })
  parent(@Root() category: ProductCategory, @Ctx() ctx: GraphQLContext) {
    return category.parent ? ctx.loaders.productCategory.load(category.parent.id) : null;
  }
}

@Resolver(() => ProductType)
export class ProductResolver {
  @Authorized(READ)
  @Query(() => ProductType, { nullable: true, description: 'Null when no product has this id.' })
  product(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return ctx.services.products.find(localIdOf(id, 'Product'));
  }

  @Authorized(READ)
  @Query(() => ProductConnection, { description: 'Products, active and inactive unless the filter says which.' })
  products(@Args() args: ProductsArgs, @Ctx() ctx: GraphQLContext) {
    return ctx.services.products.list(args, productListFilter(args.filter), args.sortKey, args.reverse);
  }

  @Authorized(WRITE)
  @Mutation(() => ProductPayload)
  async productCreate(@Arg('input', { validate: false }) input: ProductCreateInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.products.create(await productCreateCommand(input));
  }

  @Authorized(WRITE)
  @Mutation(() => ProductPayload)
  async productUpdate(@Arg('input', { validate: false }) input: ProductUpdateInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.products.update(await productUpdateCommand(input));
  }

  @FieldResolver(() => String)
  id(@Root() product: Product): string {
    return toGlobalId('Product', product.id);
  }

  @FieldResolver(() => ProductCategoryType, { nullable: true })
  category(@Root() product: Product, @Ctx() ctx: GraphQLContext) {
    return product.category ? ctx.loaders.productCategory.load(product.category.id) : null;
  }

  @FieldResolver(() => MoneyType)
  listPrice(@Root() product: Product): MoneyType {
    return money(product.listPrice, product.currency);
  }

  @FieldResolver(() => MoneyType, { description: 'Unit cost, for gross profit.' })
  cost(@Root() product: Product): MoneyType {
    return money(product.cost, product.currency);
  }

  @FieldResolver(() => DecimalScalar, {
    nullable: true,
    description: '(list price − cost) / list price × 100, 2 decimals; null when the list price is 0.',
  })
  grossMarginPercent(@Root() product: Product): string | null {
    return grossMarginPercent(product.listPrice, product.cost);
  }
}

/** Every resolver class of this area, for build-schema. */
export const PRODUCT_RESOLVERS = [ProductCategoryResolver, ProductResolver];
