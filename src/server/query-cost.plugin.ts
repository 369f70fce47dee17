import type { ApolloServerPlugin } from '@apollo/server';
import { getNamedType, GraphQLError, type GraphQLSchema } from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE } from '../services/pagination';

/**
 * A connection costs its page size times what each node costs, like Shopify's and
 * GitHub's cost models: `customers(first: 100) { nodes { owner { name } } }` ≈ 100 × 3.
 * A field may declare its own cost (`complexity` in its type-graphql options, e.g. a
 * segment's count, which evaluates a filter over the customers): a connection then pays it
 * instead of 2 on top of its page, any other field instead of 1.
 */
const connectionEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  if (!getNamedType(field.type).name.endsWith('Connection')) return undefined;
  const size = Number(args.first ?? args.last ?? DEFAULT_PAGE_SIZE);
  const own = field.extensions?.complexity;
  return (typeof own === 'number' ? own : 2) + childComplexity * Math.max(1, size);
};

/** Refuses operations over `maxCost` before they run and reports the cost in `extensions.cost`. */
export function queryCostPlugin(schema: GraphQLSchema, maxCost: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      let cost: number | undefined;
      return {
        async didResolveOperation({ request, document }) {
          cost = getComplexity({
            schema,
            query: document,
            operationName: request.operationName,
            variables: request.variables ?? {},
            estimators: [connectionEstimator, fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
          });
          if (cost > maxCost) {
            throw new GraphQLError(`Query cost ${cost} exceeds the maximum of ${maxCost}; ask for smaller pages or fewer fields.`, {
              extensions: { code: 'QUERY_TOO_COSTLY', cost: { requestedQueryCost: cost, maximumAvailable: maxCost }, http: { status: 400 } },
            });
          }
        },
        async willSendResponse({ response }) {
          if (cost === undefined || response.body.kind !== 'single') return;
          response.body.singleResult.extensions = {
            ...response.body.singleResult.extensions,
            cost: { requestedQueryCost: cost, maximumAvailable: maxCost },
          };
        },
      };
    },
  };
}
