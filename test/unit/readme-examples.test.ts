import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, validate } from 'graphql';
import { buildSchema } from '../../src/schema/build-schema';

/** Every GraphQL example in the README and the pages of its tour is a valid operation of the current schema. */
const root = path.join(__dirname, '../..');
const tour = readdirSync(path.join(root, 'docs/tour'))
  .filter((f) => f.endsWith('.md'))
  .map((f) => `docs/tour/${f}`);
const examplesOf = (file: string) =>
  [...readFileSync(path.join(root, file), 'utf8').matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]);

describe.each(['README.md', ...tour])('examples of %s', (file) => {
  const examples = examplesOf(file);

  it('has examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(file === 'README.md' ? 3 : 1);
  });

  it.each(examples.map((e, i) => [i + 1, e.split('\n')[0], e]))('example %i (%s) validates against the schema', (_i, _first, example) => {
    expect(validate(buildSchema(), parse(example)).map((e) => e.message)).toEqual([]);
  });
});
