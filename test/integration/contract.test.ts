import { readFileSync } from 'node:fs';
import path from 'node:path';
import { printSortedSchema } from '../../src/schema/build-schema';

describe('the committed SDL', () => {
  it('matches the schema the server builds (run `npm run schema:emit` after changing the API)', () => {
    const committed = readFileSync(path.join(__dirname, '../../src/schema/schema.graphql'), 'utf8');
    expect(printSortedSchema()).toBe(committed);
  });
});
