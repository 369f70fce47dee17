import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  isNonNullType,
  Kind,
  TypeInfo,
  ValidationContext,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { actualCost } from '../domain/access/rate-limit';
import { say } from '../domain/common/bilingual';
import type { GraphQLContext } from '../resolvers/context';
import { operationCost } from './query-cost';
import { throttledError, type ChargedRequest, type RateLimiter } from './rate-limit';
import { requestError, variableNestedTooDeeply } from './request-limits';
import { bilingualMessageOf } from './request-locale';

/**
 * The deepest variable accepted, counting each JSON object and array. The one recursive
 * input, a typed segment filter, at its own limit (32 levels of and/or/not, SEGMENT_LIMITS)
 * needs about 70; deeper JSON is refused before anything walks it.
 */
export const MAX_VARIABLE_NESTING = 100;

/** The errors graphql-js variable coercion gives that Apollo reports itself as BAD_USER_INPUT (HTTP 400). */
function isVariableError(error: GraphQLError): boolean {
  const node = error.nodes?.length === 1 ? error.nodes[0] : undefined;
  if (node?.kind !== Kind.VARIABLE_DEFINITION) return false;
  const prefix = `Variable "$${node.variable.name.value}" `;
  return ['has invalid value', 'got invalid value ', 'of required type ', 'of non-null type '].some((rest) =>
    error.message.startsWith(prefix + rest),
  );
}

/**
 * A variable set to `null` that is used only for arguments (or input fields) declared
 * non-null with a default, e.g. `$s: CustomerSortKey` in `customers(sortKey: $s)`: the
 * variable is dropped, so the arguments take their defaults (or the variable its own). graphql-js would fail the
 * field instead ("must not be null"), and relay-compiler makes such variables nullable, so
 * Relay clients send `null` for "no preference". A `null` variable also used where null
 * means something (a nullable argument) cannot be dropped without changing that meaning:
 * that is BAD_USER_INPUT.
 */
export function nullsAsDefaults(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): Record<string, unknown> {
  const nulls = Object.keys(variables).filter((name) => variables[name] === null);
  if (nulls.length === 0) return variables;
  const context = new ValidationContext(schema, document, new TypeInfo(schema), () => undefined);
  const usages = context.getRecursiveVariableUsages(operation);
  const result = { ...variables };
  for (const name of nulls) {
    const uses = usages.filter((u) => u.node.name.value === name);
    // The variable's own default (`$b: Boolean = true` in `@skip(if: $b)`) serves as well.
    const ownDefault = operation.variableDefinitions?.some((d) => d.variable.name.value === name && d.defaultValue !== undefined) ?? false;
    const defaulted = uses.filter((u) => u.type && isNonNullType(u.type) && (u.defaultValue !== undefined || ownDefault));
    if (defaulted.length === 0) continue;
    if (defaulted.length < uses.length) {
      throw requestError(
        'BAD_USER_INPUT',
        say(
          `变量“$${name}”为 null，但它既用在 null 有含义的地方，又用在需要值的地方（带默认值的非空参数）：请省略它或给出值。`,
          `Variable "$${name}" is null, but it is used both where null means something and where a value is needed (a non-null argument with a default): omit it or give a value.`,
        ),
      );
    }
    delete result[name];
  }
  return result;
}

/**
 * Checks the shape of a request before it runs, on variables coerced as execution will
 * coerce them, and never throws anything but a coded 4xx GraphQLError:
 * - variables nested deeper than MAX_VARIABLE_NESTING: BAD_USER_INPUT;
 * - `null` for a non-null argument with a default: the default (see `nullsAsDefaults`);
 * - variables that do not coerce: left to execution, which reports each as BAD_USER_INPUT;
 * - an operationName that names no operation: left to Apollo (OPERATION_RESOLUTION_FAILURE, 400);
 * - cost over `maxCost` (see `operationCost`): QUERY_TOO_COSTLY;
 * - with a rate limiter, the cost charged to the viewer's bucket: THROTTLED (429) when it
 *   holds too little; the answer's actual cost is then counted and the rest given back.
 * The cost of every priced operation is reported in `extensions.cost`, with the bucket's
 * `throttleStatus` when one was charged.
 */
export function queryCostPlugin(schema: GraphQLSchema, maxCost: number, limiter?: RateLimiter): ApolloServerPlugin<GraphQLContext> {
  const fixedCosts = new WeakMap<OperationDefinitionNode, number>();
  return {
    async requestDidStart() {
      let cost: number | undefined;
      let charged: ChargedRequest | null = null;
      return {
        async didResolveOperation({ request, document, operation, contextValue }) {
          if (!operation) return;
          const raw = request.variables ?? {};
          const deep = variableNestedTooDeeply(raw, MAX_VARIABLE_NESTING);
          if (deep !== undefined) {
            throw requestError(
              'BAD_USER_INPUT',
              say(
                `变量“$${deep}”嵌套超过 ${MAX_VARIABLE_NESTING} 层；上限为 ${MAX_VARIABLE_NESTING} 层。`,
                `Variable "$${deep}" is nested more than ${MAX_VARIABLE_NESTING} levels deep; the maximum is ${MAX_VARIABLE_NESTING}.`,
              ),
              {
                name: 'variableNesting',
                maximum: MAX_VARIABLE_NESTING,
              },
            );
          }
          const variables = nullsAsDefaults(schema, document, operation, raw);
          if (variables !== raw) request.variables = variables;

          const coercion = getVariableValues(schema, operation.variableDefinitions ?? [], variables, { maxErrors: 50 });
          if (coercion.errors) {
            if (coercion.errors.every(isVariableError)) return; // execution reports them, with their locations
            const first = coercion.errors.find(isVariableError) ?? coercion.errors[0];
            // graphql-js's own words (a variable of the wrong type) in English as its other messages, a scalar's in both.
            throw requestError(
              'BAD_USER_INPUT',
              first instanceof GraphQLError
                ? bilingualMessageOf(first, first.message)
                : say('无法读取变量。', 'The variables could not be read.'),
            );
          }

          // An operation without variables costs the same every time (Apollo keeps the parsed document).
          let computed = operation.variableDefinitions?.length ? undefined : fixedCosts.get(operation);
          if (computed === undefined) {
            try {
              computed = operationCost(schema, document, operation, coercion.coerced);
            } catch (error) {
              if (error instanceof GraphQLError) throw requestError('BAD_USER_INPUT', bilingualMessageOf(error, error.message));
              throw error;
            }
            if (!operation.variableDefinitions?.length) fixedCosts.set(operation, computed);
          }
          cost = computed;
          if (cost > maxCost) {
            throw requestError(
              'QUERY_TOO_COSTLY',
              say(
                `查询成本 ${cost} 超过上限 ${maxCost}；请减小分页，或减少 id 或字段。`,
                `Query cost ${cost} exceeds the maximum of ${maxCost}; ask for smaller pages, fewer ids or fewer fields.`,
              ),
              { name: 'cost', maximum: maxCost, requested: cost },
              {
                cost: { requestedQueryCost: cost, maximumAvailable: maxCost },
              },
            );
          }
          if (limiter?.enabled) {
            const requested = cost;
            const result = await limiter.charge(contextValue.em, contextValue.viewer, requested);
            if (result && 'throttled' in result) {
              throw throttledError(result, {
                cost: { requestedQueryCost: requested, maximumAvailable: maxCost, throttleStatus: result.status },
              });
            }
            charged = result;
          }
        },
        async willSendResponse({ response }) {
          if (cost === undefined || response.body.kind !== 'single') return;
          let actual: Record<string, number> = {};
          if (charged && limiter) {
            // What the answer holds, never above what was charged; the rest is given back.
            const used = Math.min(charged.charged, actualCost(response.body.singleResult.data, cost));
            limiter.refund(charged.key, charged.charged - used);
            actual = { actualQueryCost: used };
          }
          response.body.singleResult.extensions = {
            ...response.body.singleResult.extensions,
            cost: {
              requestedQueryCost: cost,
              ...actual,
              maximumAvailable: maxCost,
              ...(charged ? { throttleStatus: charged.status } : {}),
            },
          };
        },
      };
    },
  };
}
