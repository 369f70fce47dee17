import {
  ApiKey,
  CustomFieldDefinition,
  Customer,
  Department,
  FollowUp,
  Inquiry,
  Order,
  Payment,
  Product,
  ProductCategory,
  Segment,
  ServiceCase,
  Store,
  User,
} from '../entities';
import { READ_AS } from '../db/read-model';

/**
 * Resolvers answer entities, not instances of the GraphQL classes, so the Node interface
 * needs this map to tell which GraphQL type an object is.
 */
const NODE_TYPES: Array<[new (...args: never[]) => object, string]> = [
  [Customer, 'Customer'],
  [User, 'User'],
  [Department, 'Department'],
  [Store, 'Store'],
  [ApiKey, 'ApiKey'],
  [CustomFieldDefinition, 'CustomFieldDefinition'],
  [Product, 'Product'],
  [ProductCategory, 'ProductCategory'],
  [Order, 'Order'],
  [Payment, 'Payment'],
  [FollowUp, 'FollowUp'],
  [Inquiry, 'Inquiry'],
  [ServiceCase, 'ServiceCase'],
  [Segment, 'Segment'],
];

export function nodeTypeOf(value: object): string | undefined {
  // API objects that are not entities (a computed Reminder) carry their type name.
  const own = (value as { __typename?: unknown }).__typename;
  if (typeof own === 'string') return own;
  const readAs = (value as { [READ_AS]?: unknown })[READ_AS];
  return NODE_TYPES.find(([entity]) => entity === readAs || value instanceof entity)?.[1];
}
