// @ts-check
/**
 * `npm run lint` (inside `npm test`, so CI lints). Type-aware typescript-eslint, so promise
 * rules see types; import boundaries encode the folder map of docs/architecture.md.
 * Formatting is Prettier's (`npm run format:check`), not ESLint's.
 */
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Folders of src/ (a folder name is unique in the tree, so `../` of any depth is safe). */
const folder = (names) => `^(\\.\\./)+(${names.join('|')})(/|$)`;
const GRAPHQL = {
  regex: '^(graphql|type-graphql|graphql-scalars|graphql-query-complexity|@apollo/.*|@as-integrations/.*)(/|$)',
  message: 'GraphQL belongs to src/schema and src/resolvers (docs/architecture.md, folder map).',
};
const HTTP = { regex: '^(express|cors|pino-http)(/|$)', message: 'HTTP belongs to src/http.' };
const ORM = { regex: '^@mikro-orm/', message: 'The domain is pure: no database access.' };
const CONFIG = {
  regex: '^(\\.\\./)+config$',
  message: 'Take the setting as an argument (src/config.ts is read by the edges and the jobs).',
};
const inward = (names, why) => ({ regex: folder(names), message: why });

/** One `no-restricted-imports` per folder: what it must never import. */
const boundaries = [
  {
    files: ['src/domain/**/*.ts'],
    patterns: [
      inward(['lib', 'entities', 'db', 'services', 'jobs', 'schema', 'resolvers', 'server', 'http'], 'src/domain imports nothing of src/.'),
      CONFIG,
      GRAPHQL,
      HTTP,
      ORM,
    ],
  },
  {
    files: ['src/lib/**/*.ts'],
    patterns: [
      inward(['entities', 'db', 'services', 'jobs', 'schema', 'resolvers', 'server', 'http'], 'src/lib knows no customers and no GraphQL.'),
      { regex: '^(\\.\\./)+domain/(?!common/)', message: 'src/lib may use only src/domain/common (coded errors, the id codec).' },
      CONFIG,
      GRAPHQL,
    ],
  },
  {
    files: ['src/entities/**/*.ts'],
    patterns: [
      inward(['lib', 'db', 'services', 'jobs', 'schema', 'resolvers', 'server', 'http'], 'Entities are persistence only.'),
      CONFIG,
      GRAPHQL,
      HTTP,
    ],
  },
  {
    files: ['src/services/**/*.ts', 'src/jobs/**/*.ts'],
    patterns: [
      inward(
        ['schema', 'resolvers', 'server', 'http'],
        'Services take plain commands and return domain values; the edge maps GraphQL and HTTP.',
      ),
      GRAPHQL,
      HTTP,
    ],
  },
  {
    files: ['src/db/**/*.ts'],
    patterns: [inward(['schema', 'resolvers', 'server', 'http'], 'src/db knows no GraphQL or HTTP.'), GRAPHQL, HTTP],
  },
].map(({ files, patterns }) => ({ files, rules: { 'no-restricted-imports': ['error', { patterns }] } }));

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', 'test/generated/**', 'bench/data/**', 'bench/results/**', 'coverage/**', '**/*.js', '**/*.mjs'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // The promise rules, on: a promise nobody awaits loses its error.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
      '@typescript-eslint/no-unused-expressions': ['error', { allowTernary: true, allowShortCircuit: true }],
      // Off, each would need tens to hundreds of edits for little gain (docs/architecture.md, "Habits"):
      '@typescript-eslint/no-unsafe-assignment': 'off', // JSON.parse, GraphQL results and knex rows are `any`
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/require-await': 'off', // async kept for interface conformance (44)
      '@typescript-eslint/no-base-to-string': 'off', // String(error) on unknown values (22)
      'no-control-regex': 'off', // NUL and control characters are refused on purpose
      'no-fallthrough': 'off', // tsconfig's noFallthroughCasesInSwitch checks it with types (process.exit is never)
      'no-useless-assignment': 'off', // flags defensive initialisers before try/catch and do/while
    },
  },
  ...boundaries,
);
