import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type ASTNode, type DocumentNode, type GraphQLError, type OperationDefinitionNode } from 'graphql';
import { say, type Bilingual } from '../domain/common/bilingual';
import { bilingualError } from './request-locale';

const NUL = '\u0000';
const NUL_HELD = say('含有 NUL 字符（U+0000）', 'holds a NUL character (U+0000)');
const WHY = say('PostgreSQL 无法把它存为文本', 'PostgreSQL cannot store it in text');

/** `<owner> holds a NUL character (U+0000)[ at <place>]: <why>.` in both languages. */
function nulMessage(owner: Bilingual, place: string | undefined): Bilingual {
  return say(
    `${owner.zh}${place !== undefined ? `在 ${place} 处` : ''}${NUL_HELD.zh}：${WHY.zh}。`,
    `${owner.en} ${NUL_HELD.en}${place !== undefined ? ` at ${place}` : ''}: ${WHY.en}.`,
  );
}

/** One value on the walk and the way back up to its root: a path is spelled out only for the value refused. */
interface Step {
  value: unknown;
  key: string | number;
  up?: Step;
}

/**
 * The first string (in source order) holding NUL under the given roots. Iterative, since a
 * client controls the depth of its JSON; `skip` names properties not to enter.
 */
function firstNul(roots: Step[], skip?: string): Step | undefined {
  const stack = roots.slice().reverse();
  while (stack.length > 0) {
    const step = stack.pop()!;
    const { value } = step;
    if (typeof value === 'string') {
      if (value.includes(NUL)) return step;
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], key: i, up: step });
    } else if (typeof value === 'object' && value !== null) {
      const keys = Object.keys(value);
      for (let i = keys.length - 1; i >= 0; i--) {
        if (keys[i] !== skip) stack.push({ value: (value as Record<string, unknown>)[keys[i]], key: keys[i], up: step });
      }
    }
  }
  return undefined;
}

function stepsTo(step: Step): Step[] {
  const steps: Step[] = [];
  for (let s: Step | undefined = step; s; s = s.up) steps.push(s);
  return steps.reverse();
}

function isNode(value: unknown): value is ASTNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'kind' in value;
}

function refusal(message: Bilingual, node?: ASTNode): GraphQLError {
  return bilingualError(message, { nodes: node, extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
}

/** What holds a string literal (the argument of a field or directive, or a variable's default) and where inside it. */
function describeLiteral(steps: Step[]): Bilingual {
  let owner = say('某个值', 'A value');
  let place = '';
  let nested = false;
  steps.forEach(({ value }, i) => {
    if (!isNode(value)) return;
    if (value.kind === Kind.ARGUMENT) {
      const holder = steps[i - 2]?.value;
      const of = !isNode(holder)
        ? say('', '')
        : holder.kind === Kind.FIELD
          ? say(`字段“${holder.name.value}”的`, ` of field "${holder.name.value}"`)
          : holder.kind === Kind.DIRECTIVE
            ? say(`指令“@${holder.name.value}”的`, ` of directive "@${holder.name.value}"`)
            : say('', '');
      owner = say(`${of.zh}参数“${value.name.value}”`, `Argument "${value.name.value}"${of.en}`);
      place = value.name.value;
    } else if (value.kind === Kind.VARIABLE_DEFINITION) {
      owner = say(`变量“$${value.variable.name.value}”的默认值`, `The default value of variable "$${value.variable.name.value}"`);
      place = `$${value.variable.name.value}`;
    } else if (value.kind === Kind.OBJECT_FIELD) {
      place += `.${value.name.value}`;
      nested = true;
    } else if (value.kind === Kind.LIST) {
      place += `[${steps[i + 2]?.key}]`;
      nested = true;
    }
  });
  return nulMessage(owner, nested ? place : undefined);
}

const literalFindings = new WeakMap<DocumentNode, { message: Bilingual; node: ASTNode } | null>();

/**
 * The first string literal of the document holding NUL: any argument at any depth,
 * directives and variable defaults included. Apollo reuses a parsed document for the same
 * query text, so each document is walked once.
 */
export function nulInDocument(document: DocumentNode): GraphQLError | undefined {
  let finding = literalFindings.get(document);
  if (finding === undefined) {
    // `loc` holds the tokens (their decoded text too): only the tree is walked.
    const found = firstNul([{ value: document.definitions, key: 'definitions' }], 'loc');
    const steps = found ? stepsTo(found) : [];
    finding = found ? { message: describeLiteral(steps), node: steps[steps.length - 2].value as ASTNode } : null;
    literalFindings.set(document, finding);
  }
  return finding ? refusal(finding.message, finding.node) : undefined;
}

/** `$input.lines[0].note`, its middle elided past 20 steps (the message is echoed, and the depth is the client's). */
function spell(steps: Step[]): string {
  const parts = steps.map(({ key }, i) =>
    i === 0 ? `$${key}` : typeof key === 'number' ? `[${key}]` : /^[_A-Za-z]\w*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`,
  );
  return parts.length <= 20 ? parts.join('') : `${parts.slice(0, 10).join('')}…(${parts.length - 20} more)…${parts.slice(-10).join('')}`;
}

/** The first variable the operation declares holding NUL in any string, however deep. */
export function nulInVariables(
  variables: Record<string, unknown> | undefined,
  operation: OperationDefinitionNode,
): GraphQLError | undefined {
  if (!variables) return undefined;
  const roots = (operation.variableDefinitions ?? [])
    .map((definition) => definition.variable.name.value)
    .filter((name) => Object.hasOwn(variables, name))
    .map((name): Step => ({ value: variables[name], key: name }));
  const found = firstNul(roots);
  if (!found) return undefined;
  const steps = stepsTo(found);
  const variable = `$${steps[0].key}`;
  return refusal(nulMessage(say(`变量“${variable}”`, `Variable "${variable}"`), steps.length > 1 ? spell(steps) : undefined));
}

/**
 * PostgreSQL refuses NUL in text (and in jsonb): a NUL reaching it was a driver error, a 500
 * carrying the SQL. Refused here for every input at once, literals and variables, String, ID
 * and custom scalars alike, before anything runs. Replacing the built-in String and ID
 * scalars instead is not possible: graphql-js allows one type per name, and introspection
 * uses its own String.
 */
export function nulInputPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request }) {
          const error = nulInDocument(document) ?? (operation ? nulInVariables(request.variables, operation) : undefined);
          if (error) throw error;
        },
      };
    },
  };
}
