import { ApiKey, CustomFieldDefinition, Customer, Department, Store, User } from '../entities';

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
];

export function nodeTypeOf(value: object): string | undefined {
  return NODE_TYPES.find(([entity]) => value instanceof entity)?.[1];
}
