import type { ApolloServerOptionsWithGateway } from '@apollo/server';
import {
  execute,
  GraphQLError,
  isEnumType,
  isNonNullType,
  isScalarType,
  printSchema,
  typeFromAST,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

/**
 * Executes operations with graphql-jit instead of graphql-js (issue 16 item 2): each
 * operation of a parsed document is compiled once into a function (Apollo keeps parsed
 * documents, so the document is a stable key) and run for every request that sends it. The
 * result objects are plain objects, which `JSON.stringify` serialises faster than
 * graphql-js's null-prototype ones. Plugged into Apollo Server through its gateway
 * interface, the one place it accepts another executor; parsing, validation and every
 * plugin run as before.
 */
export function jitGateway(
  schema: GraphQLSchema,
  compiler: typeof compileQuery = compileQuery,
): ApolloServerOptionsWithGateway<object>['gateway'] {
  /** Per document and operation: its compiled form, or null where graphql-jit cannot compile it (graphql-js runs it). */
  const compiled = new WeakMap<DocumentNode, Map<string, CompiledQuery | null>>();
  const compile = (document: DocumentNode, operation: OperationDefinitionNode, operationName: string | null): CompiledQuery | null => {
    let byName = compiled.get(document);
    if (!byName) compiled.set(document, (byName = new Map()));
    const key = operationName ?? '';
    let query = byName.get(key);
    if (query === undefined && !jitCanRun(schema, operation)) query = null;
    if (query === undefined) {
      try {
        const result = compiler(schema, document, operationName ?? undefined);
        query = isCompiledQuery(result) ? result : null;
      } catch {
        query = null; // whatever graphql-jit cannot compile runs on graphql-js
      }
      byName.set(key, query);
    }
    return query;
  };
  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => {};
    },
    async load() {
      return {
        executor: async (requestContext) => {
          const variables = requestContext.request.variables ?? {};
          // The client's operationName: Apollo's own is null when it names no operation, which graphql-js must report.
          const operationName = requestContext.request.operationName ?? requestContext.operationName;
          const operation = requestContext.operation as OperationDefinitionNode | undefined;
          // A missing operation or variables that do not coerce: graphql-js reports them as it always has.
          const query =
            operation && !getVariableValues(schema, operation.variableDefinitions ?? [], variables, { maxErrors: 1 }).errors
              ? compile(requestContext.document, operation, operationName)
              : null;
          if (!query) {
            return (await execute({
              schema,
              document: requestContext.document,
              operationName,
              contextValue: requestContext.context,
              variableValues: variables,
            })) as ExecutionResult<Record<string, unknown>>;
          }
          return withGraphQLErrors(await query.query(undefined, requestContext.context, variables));
        },
      };
    },
    async stop() {},
  };
}

/**
 * graphql-jit reports errors with a GraphQLError class of its own; Apollo (and `formatError`,
 * which reads a resolver's coded error through `originalError`) expect graphql-js's.
 */
function withGraphQLErrors(result: ExecutionResult): ExecutionResult<Record<string, unknown>> {
  if (!result.errors?.length) return result;
  const errors = result.errors.map((error: unknown) => {
    if (error instanceof GraphQLError && error.constructor === GraphQLError) return error;
    const e = error as GraphQLError;
    const converted = new GraphQLError(e.message, { path: e.path, originalError: e.originalError ?? undefined, extensions: e.extensions });
    (converted as { locations?: unknown }).locations = e.locations;
    const text = (e as { text?: unknown }).text;
    return text === undefined ? converted : Object.assign(converted, { text });
  });
  return { ...result, errors };
}

/**
 * Whether graphql-jit 0.8 may run an operation: only when each variable is a non-null scalar
 * or enum without a default. Its compiled variable parser leaves out the defaults of input
 * fields and of arguments given an absent variable (`includePending: Boolean! = false` came
 * out "not provided"), and recurses without end on a recursive input type (the segment
 * filter's AND/OR tree); such operations run on graphql-js, with the answers they always had.
 */
function jitCanRun(schema: GraphQLSchema, operation: OperationDefinitionNode): boolean {
  return (operation.variableDefinitions ?? []).every((definition) => {
    if (definition.defaultValue !== undefined) return false;
    const type = typeFromAST(schema, definition.type);
    return isNonNullType(type) && (isScalarType(type.ofType) || isEnumType(type.ofType));
  });
}
