/** The global id codec lives in `src/domain/common/global-id.ts`; this re-export keeps the schema's imports short. */
export { fromGlobalId, localIdOf, toGlobalId } from '../domain/common/global-id';
