/**
 * The one codec for opaque identifiers: global ids (`Type:localId`) and list cursors are
 * base64url text that clients treat as strings. The server checks the type (or the cursor's
 * list and sort key) on the way in, so a Store id cannot be used where a Customer is expected.
 * Local ids are PostgreSQL integers: anything past 2^31-1 is not an id we made.
 */
import { say, type Bilingual } from './bilingual';

/** Opaque text for `plain` (base64url of its UTF-8). */
export function toOpaque(plain: string): string {
  return Buffer.from(plain, 'utf8').toString('base64url');
}

/** The text inside opaque text (`toOpaque`'s inverse; garbage decodes to garbage, never throws). */
export function fromOpaque(opaque: string): string {
  return Buffer.from(opaque, 'base64url').toString('utf8');
}

/** `raw` as a local id (a positive PostgreSQL integer written without sign or leading zero), else null. */
export function localIdFromText(raw: string | undefined): number | null {
  if (raw == null || !/^[1-9]\d{0,9}$/.test(raw)) return null;
  const id = Number(raw);
  return id > 2_147_483_647 ? null : id;
}

export function toGlobalId(type: string, id: number | string): string {
  return toOpaque(`${type}:${id}`);
}

export function fromGlobalId(globalId: string): { type: string; id: number } | null {
  const decoded = fromOpaque(globalId);
  const sep = decoded.indexOf(':');
  if (sep <= 0) return null;
  const id = localIdFromText(decoded.slice(sep + 1));
  return id == null ? null : { type: decoded.slice(0, sep), id };
}

/** The local id of `globalId` when it names an object of `type`, else null. */
export function localIdOf(globalId: string, type: string): number | null {
  const parsed = fromGlobalId(globalId);
  return parsed && parsed.type === type ? parsed.id : null;
}

/** The one wording for a global id that does not name an object of `type` (prefix it with the field). */
export function notAnIdOf(globalId: string, type: string): Bilingual {
  return say(`“${globalId}”不是 ${type} 的 id`, `"${globalId}" is not the id of a ${type}`);
}

/** A keyset cursor: the list's sort key and the row's local id. */
export function encodeCursor(sortKey: string, id: number): string {
  return toOpaque(`${sortKey}:${id}`);
}

/** The local id in a cursor made by `encodeCursor(sortKey, …)`, else null. */
export function cursorIdOf(cursor: string, sortKey: string): number | null {
  const [key, raw] = fromOpaque(cursor).split(':');
  return key === sortKey ? localIdFromText(raw) : null;
}
