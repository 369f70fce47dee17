/**
 * Opaque global IDs: base64url of `Type:localId`. Clients treat them as strings; the server
 * checks the type on the way in so a Store id cannot be used where a Customer is expected.
 */
export function toGlobalId(type: string, id: number | string): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
}

export function fromGlobalId(globalId: string): { type: string; id: number } | null {
  let decoded: string;
  try {
    decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  } catch {
    return null;
  }
  const sep = decoded.indexOf(':');
  if (sep <= 0) return null;
  const type = decoded.slice(0, sep);
  const raw = decoded.slice(sep + 1);
  if (!/^[1-9]\d{0,9}$/.test(raw)) return null;
  const id = Number(raw);
  if (id > 2_147_483_647) return null;
  return { type, id };
}

/** The local id of `globalId` when it names an object of `type`, else null. */
export function localIdOf(globalId: string, type: string): number | null {
  const parsed = fromGlobalId(globalId);
  return parsed && parsed.type === type ? parsed.id : null;
}
