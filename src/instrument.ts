import { tracingConfig } from './config';
import { startTracing } from './tracing';

/**
 * Imported by main.ts before anything else, because the pg instrumentation must patch `pg`
 * before MikroORM, knex or pg-boss load it (imports run in order, and main's other imports
 * load them). Null when traces are off (the default): nothing is registered or patched.
 * Also usable as a preload for another entry point: `node -r ./dist/src/instrument.js ...`.
 */
export const tracing = startTracing(tracingConfig());
