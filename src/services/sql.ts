/** Escapes LIKE wildcards so user text matches literally (`50%` is not a pattern). */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
