import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { printSortedSchema } from './build-schema';

/** `npm run schema:emit`: writes the contract the front ends read. */
export const SCHEMA_FILE = path.resolve(__dirname, '../../../src/schema/schema.graphql');

if (require.main === module) {
  writeFileSync(SCHEMA_FILE, printSortedSchema());
  console.log(`wrote ${SCHEMA_FILE}`);
}
