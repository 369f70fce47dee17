import type express from 'express';

/** A request header's first value. */
export function header(req: express.Request, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** The token of `Authorization: Bearer <token>`. */
export function bearerOf(req: express.Request): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(header(req, 'authorization') ?? '')?.[1];
}

/** What `authenticate` reads: the bearer token and the `X-Api-Key` secret. */
export function credentialsOf(req: express.Request): { bearerToken: string | undefined; apiKey: string | undefined } {
  return { bearerToken: bearerOf(req), apiKey: header(req, 'x-api-key') };
}
