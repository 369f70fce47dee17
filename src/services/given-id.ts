/**
 * An id as a client wrote it, decoded at the GraphQL boundary: `id` is the local id when the
 * text names an object of the expected type, else null; `raw` is the text as given, which
 * not-found messages quote. Services look the object up by `id` and report a null one exactly
 * as they report an id that names nothing.
 */
export interface GivenId {
  readonly id: number | null;
  readonly raw: string;
}
