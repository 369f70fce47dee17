import type { CodegenConfig } from '@graphql-codegen/cli';

/** Types the operations in test/operations against the committed SDL. */
const config: CodegenConfig = {
  schema: 'src/schema/schema.graphql',
  documents: ['test/operations/**/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    'test/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        scalars: { DateTime: 'string', Date: 'string', Decimal: 'string' },
        enumsAsTypes: true,
        useTypeImports: true,
      },
    },
  },
};

export default config;
