import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, validate } from 'graphql';
import { buildSchema } from '../../src/schema/build-schema';

/** Every GraphQL example in the README is a valid operation of the current schema. */
const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
const examples = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]);

describe('README examples', () => {
  it('has examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(5);
  });

  it.each(examples.map((e, i) => [i + 1, e.split('\n')[0], e]))('example %i (%s) validates against the schema', (_i, _first, example) => {
    expect(validate(buildSchema(), parse(example)).map((e) => e.message)).toEqual([]);
  });
});
