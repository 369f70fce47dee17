import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort } from './ports';

/**
 * Real PostgreSQL clusters from the system's server binaries (Debian's `postgresql-15`:
 * /usr/lib/postgresql/<version>/bin, or PG_BIN), for tests that need what the embedded server
 * cannot give: a primary and a streaming standby made with `pg_basebackup -R`.
 *
 * PostgreSQL refuses to run as root (CI runs as root): then every server binary runs as the
 * `postgres` user (`runuser -u postgres --`), which the Debian package creates, and the
 * clusters' directory belongs to it. As any other user the binaries run as that user.
 * Connections are TCP on 127.0.0.1 with trust authentication: test clusters only.
 */

const run = promisify(execFile);

/** The directory holding initdb, pg_ctl, pg_basebackup: PG_BIN, else the newest /usr/lib/postgresql/<n>/bin. */
export function pgBinDir(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0)
    throw new Error(
      'no PostgreSQL server binaries: install them (Debian: apt-get install postgresql-15) or set PG_BIN to the directory of initdb and pg_ctl',
    );
  return path.join(root, versions[0], 'bin');
}

const asRoot = userInfo().uid === 0;
const RUN_AS = 'postgres';

/** uid and gid of the `postgres` user (root only). */
async function runAsIds(): Promise<{ uid: number; gid: number }> {
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', RUN_AS]), run('id', ['-g', RUN_AS])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch (error) {
    throw new Error(`running as root, the PostgreSQL binaries need a "${RUN_AS}" user to run as (the Debian package creates it)`, {
      cause: error,
    });
  }
}

async function pg(binary: string, args: string[]): Promise<string> {
  const file = path.join(pgBinDir(), binary);
  const [command, argv] = asRoot ? ['runuser', ['-u', RUN_AS, '--', file, ...args]] : [file, args];
  try {
    const { stdout } = await run(command, argv, { maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`${binary} ${args.join(' ')} failed: ${e.stderr || e.message}`, { cause: error });
  }
}

export interface PgCluster {
  port: number;
  dataDir: string;
  /** A connection URL to `database` as the superuser. */
  url(database?: string): string;
  /** One statement as the superuser, on a connection of its own; its rows. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[], database?: string): Promise<T[]>;
  start(): Promise<void>;
  /** `fast` (the default): clients disconnected, a clean shutdown. */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** The server's log (for a failure message). */
  log(): string;
}

export interface PgClusters {
  /** A new primary: initdb, started on a free port, ready for streaming replication. */
  primary(): Promise<PgCluster>;
  /** A streaming standby of `primary`: `pg_basebackup -R -X stream`, started on a free port; hot standby. */
  standby(primary: PgCluster): Promise<PgCluster>;
  /** Stops every cluster (immediate) and removes their directory. */
  cleanup(): Promise<void>;
}

/** A directory for clusters (owned by the user the servers run as); `cleanup` stops them and removes it. */
export async function pgClusters(): Promise<PgClusters> {
  pgBinDir(); // fail early, with the message, when there are no binaries
  const home = mkdtempSync(path.join(tmpdir(), 'customer-ops-pg-'));
  if (asRoot) {
    const { uid, gid } = await runAsIds();
    chownSync(home, uid, gid);
  }
  const clusters: PgCluster[] = [];

  const cluster = (name: string, port: number): PgCluster => {
    const dataDir = path.join(home, name);
    const logFile = path.join(home, `${name}.log`);
    const url = (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`;
    const self: PgCluster = {
      port,
      dataDir,
      url,
      async query<T>(sql: string, params: unknown[] = [], database = 'postgres') {
        const client = new Client({ connectionString: url(database) });
        await client.connect();
        try {
          return (await client.query(sql, params)).rows as T[];
        } finally {
          await client.end();
        }
      },
      async start() {
        // Sockets in the cluster's own directory (not /var/run/postgresql, which may not exist or belong to another user).
        const options = `-c port=${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dataDir} -c fsync=off`;
        await pg('pg_ctl', ['-D', dataDir, '-l', logFile, '-o', options, '-w', '-t', '60', 'start']);
      },
      async stop(mode = 'fast') {
        if (!existsSync(path.join(dataDir, 'postmaster.pid'))) return;
        await pg('pg_ctl', ['-D', dataDir, '-m', mode, '-w', '-t', '30', 'stop']);
      },
      log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
    };
    clusters.push(self);
    return self;
  };

  return {
    async primary() {
      const c = cluster(`primary-${clusters.length}`, await freePort());
      await pg('initdb', ['-D', c.dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync']);
      // initdb's defaults already allow replication connections from 127.0.0.1 under trust, and wal_level is replica.
      await c.start();
      return c;
    },
    async standby(primary) {
      const c = cluster(`standby-${clusters.length}`, await freePort());
      await pg('pg_basebackup', [
        '-h',
        '127.0.0.1',
        '-p',
        String(primary.port),
        '-U',
        'postgres',
        '-D',
        c.dataDir,
        '-R',
        '-X',
        'stream',
        '-c',
        'fast',
      ]);
      await c.start();
      return c;
    },
    async cleanup() {
      for (const c of clusters.reverse()) await c.stop('immediate').catch(() => undefined);
      rmSync(home, { recursive: true, force: true });
    },
  };
}
