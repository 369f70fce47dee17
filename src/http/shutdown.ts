import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';
import { say, textIn } from '../domain/common/bilingual';
import { localeFromAcceptLanguage } from '../domain/common/locale';

export interface ShutdownGateOptions {
  /**
   * How long a kept-alive socket with no request may stay open once draining starts. A
   * client that sends on it within this time gets an answer with `Connection: close`
   * instead of a reset connection.
   */
  idleSocketGraceMs?: number;
  /** `Retry-After` (seconds) of the 503 answered to requests that arrive while draining. */
  retryAfterSeconds?: number;
}

export interface DrainResult {
  /** Every connection closed on its own before the time-out. */
  graceful: boolean;
  /** Connections destroyed at the time-out. */
  destroyed: number;
  /** Requests answered 503 because they arrived after the drain began. */
  refused: number;
}

export interface ShutdownGate {
  readonly draining: boolean;
  /**
   * Stops accepting connections, lets in-flight requests finish (their answers carry
   * `Connection: close`), answers requests that arrive on kept-alive sockets with 503 and
   * `Connection: close`, closes idle sockets after the grace, and destroys whatever is
   * still open after `timeoutMs`.
   */
  drain(timeoutMs: number): Promise<DrainResult>;
}

interface SocketState {
  active: number;
  idleTimer?: NodeJS.Timeout;
}

const SHUTTING_DOWN = say('服务器正在关闭；请重试该请求。', 'The server is shutting down; retry the request.');

/** The 503's body, in the language the request asks for (`Accept-Language`, Chinese by default). */
function shuttingDownBody(req: IncomingMessage): string {
  const message = textIn(SHUTTING_DOWN, localeFromAcceptLanguage(req.headers['accept-language']));
  return JSON.stringify({ errors: [{ message, extensions: { code: 'SERVICE_UNAVAILABLE' } }] });
}

/**
 * Owns the `request` event of `server` (the listeners present when installed — the express
 * app, Apollo's drain plugin — are called through it) to bound shutdown without resetting
 * kept-alive connections.
 *
 * Node's `server.close()` (and Apollo's drain plugin, which calls it) destroys idle
 * kept-alive sockets at once. A client that has just written a request on such a socket
 * then reads ECONNRESET for a request the server never saw, and cannot know whether it is
 * safe to retry. Here an idle socket stays open for a short grace, and whatever arrives on
 * it is answered 503 with `Connection: close`, so the client learns to retry elsewhere.
 */
export function installShutdownGate(server: Server, options: ShutdownGateOptions = {}): ShutdownGate {
  const idleSocketGraceMs = options.idleSocketGraceMs ?? 1_000;
  const retryAfter = String(options.retryAfterSeconds ?? 1);
  const sockets = new Map<Socket, SocketState>();
  const inFlight = new Set<ServerResponse>();
  let draining = false;
  let refused = 0;
  let allClosed: (() => void) | undefined;

  const closeWhenIdle = (socket: Socket, state: SocketState) => {
    clearTimeout(state.idleTimer);
    state.idleTimer = setTimeout(() => {
      if (state.active === 0) socket.end();
    }, idleSocketGraceMs);
  };

  server.on('connection', (socket: Socket) => {
    const state: SocketState = { active: 0 };
    sockets.set(socket, state);
    if (draining) closeWhenIdle(socket, state); // accepted just before the listener closed
    socket.once('close', () => {
      clearTimeout(state.idleTimer);
      sockets.delete(socket);
      if (draining && sockets.size === 0) allClosed?.();
    });
  });

  const refuse = (req: IncomingMessage, res: ServerResponse) => {
    refused += 1;
    // Read the body first: closing a socket with unread bytes resets it, and the client
    // would get ECONNRESET instead of this answer.
    const answer = () => {
      if (res.headersSent) return;
      const body = shuttingDownBody(req);
      res.writeHead(503, {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': Buffer.byteLength(body),
        'Retry-After': retryAfter,
        Connection: 'close',
      });
      res.end(body);
    };
    if (req.complete) answer();
    else
      req
        .once('end', answer)
        .once('error', () => res.destroy())
        .resume();
  };

  const listeners = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const state = sockets.get(req.socket) ?? { active: 0 };
    state.active += 1;
    clearTimeout(state.idleTimer);
    inFlight.add(res);
    res.once('close', () => {
      inFlight.delete(res);
      state.active -= 1;
      if (draining && state.active === 0 && !req.socket.destroyed) closeWhenIdle(req.socket, state);
    });
    if (draining) return refuse(req, res);
    for (const listener of listeners) listener.call(server, req, res);
  });

  return {
    get draining() {
      return draining;
    },
    async drain(timeoutMs) {
      draining = true;
      // net.Server's close: stop listening, but leave the open connections to us (http's
      // close() would also destroy the idle ones).
      NetServer.prototype.close.call(server);
      for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
      for (const [socket, state] of sockets) if (state.active === 0) closeWhenIdle(socket, state);
      if (sockets.size > 0) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          new Promise<void>((resolve) => (allClosed = resolve)),
          new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
        ]);
        clearTimeout(timer);
      }
      const destroyed = sockets.size;
      for (const socket of sockets.keys()) socket.destroy();
      return { graceful: destroyed === 0, destroyed, refused };
    },
  };
}
