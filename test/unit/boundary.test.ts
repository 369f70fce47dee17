import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The GraphQL boundary is the resolver (CONVENTIONS.md, issue 15): nothing under src/services
 * or src/domain imports graphql, type-graphql or src/schema. Services take plain commands and
 * return domain values; src/resolvers maps GraphQL to them and back.
 */

const ROOT = path.join(__dirname, '../../src');
const FORBIDDEN = [/^graphql(\/|$)/, /^type-graphql(\/|$)/, /^@apollo\//];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : full.endsWith('.ts') ? [full] : [];
  });
}

/** Every module a file imports or re-exports (static and dynamic), as written. */
function importsOf(source: string): string[] {
  const specifiers: string[] = [];
  for (const m of source.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]/g)) specifiers.push(m[1]);
  for (const m of source.matchAll(/(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g)) specifiers.push(m[1]);
  for (const m of source.matchAll(/(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g)) specifiers.push(m[1]);
  return specifiers;
}

export function boundaryViolations(root = ROOT): string[] {
  const schemaDir = path.join(root, 'schema');
  return ['services', 'domain'].flatMap((layer) =>
    filesUnder(path.join(root, layer)).flatMap((file) =>
      importsOf(readFileSync(file, 'utf8'))
        .filter(
          (spec) =>
            FORBIDDEN.some((re) => re.test(spec)) || (spec.startsWith('.') && path.resolve(path.dirname(file), spec).startsWith(schemaDir)),
        )
        .map((spec) => `${path.relative(root, file)} imports ${spec}`),
    ),
  );
}

describe('the GraphQL boundary', () => {
  it('finds an import of GraphQL or src/schema wherever it is written (the check can fail)', () => {
    expect(
      importsOf(`import { GraphQLError } from 'graphql';\nimport type { X } from '../schema/types/x';\nconst y = require('type-graphql');`),
    ).toEqual(['graphql', '../schema/types/x', 'type-graphql']);
  });

  it('is kept: no service or domain file imports graphql, type-graphql or src/schema', () => {
    expect(boundaryViolations()).toEqual([]);
  });
});
