import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, sleep } from '../support/ports';

/**
 * `npm run dev` (issue 18 item 4) on a copy of the project: it compiles, serves the API, and
 * after a change to a source file serves the changed schema without being restarted by hand
 * (tsc --watch and node --watch; the decorator metadata type-graphql needs survives). Ctrl-C
 * (SIGTERM) stops everything it started. The figures are logged, not asserted: the machine's
 * load decides them.
 */

const ROOT = path.resolve(__dirname, '../..');
const TYPE_FILE = 'src/schema/types/customer-assign-batch.type.ts';

let home: string;
let dev: ChildProcess;
let output = '';
let port: number;

async function description(): Promise<string | null> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __type(name: "CustomerAssignmentBatch") { fields { name description } } }' }),
    });
    const body = (await res.json()) as { data?: { __type: { fields: Array<{ name: string; description: string | null }> } } };
    return body.data?.__type.fields.find((f) => f.name === 'dryRun')?.description ?? null;
  } catch {
    return null; // not listening (yet, or while restarting)
  }
}

async function until<T>(what: string, probe: () => Promise<T | null | false>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs} ms; output:\n${output.slice(-3000)}`);
    await sleep(250);
  }
}

beforeAll(() => {
  home = mkdtempSync(path.join(tmpdir(), 'customer-ops-dev-'));
  for (const entry of ['src', 'bench', 'scripts', 'package.json', 'tsconfig.json', 'tsconfig.build.json']) {
    cpSync(path.join(ROOT, entry), path.join(home, entry), { recursive: true });
  }
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(home, 'node_modules'), 'dir');
});

afterAll(async () => {
  if (dev && dev.exitCode === null && dev.signalCode === null) dev.kill('SIGKILL');
  await sleep(500);
  rmSync(home, { recursive: true, force: true });
});

it('serves a changed schema after a save, and stops everything on SIGTERM', async () => {
  port = await freePort();
  dev = spawn(process.execPath, ['scripts/dev.mjs'], {
    cwd: home,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: String(port),
      PG_EMBEDDED_PORT: String(await freePort()),
      LOG_LEVEL: 'info',
      PG_DATA_DIR: path.join(home, 'pg'),
      SEED_CUSTOMERS: '40',
      SCHEDULER_ENABLED: 'false',
      WEBHOOKS_ENABLED: 'false',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  dev.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  dev.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => dev.on('exit', (code) => resolve(code)));

  const started = Date.now();
  const before = await until('the API answering', description, 150_000);
  expect(before).toBe('True: chosen and reported, nothing handed over.');
  const firstMs = Date.now() - started;

  const file = path.join(home, TYPE_FILE);
  writeFileSync(file, readFileSync(file, 'utf8').replace('nothing handed over.', 'nothing handed over (changed).'));
  const saved = Date.now();
  const after = await until(
    'the changed schema served',
    async () => ((await description())?.includes('(changed)') ? description() : null),
    90_000,
  );
  expect(after).toBe('True: chosen and reported, nothing handed over (changed).');
  console.log(
    `npm run dev: first answer after ${firstMs} ms (a full compile, a new database, the demo seeded); a change served after ${Date.now() - saved} ms`,
  );

  dev.kill('SIGTERM');
  expect(await exited).toBe(0);
  // Nothing it started is left listening.
  await sleep(500);
  expect(await description()).toBeNull();
  expect(output).toMatch(/"msg":"stopped"/);
}, 300_000);
