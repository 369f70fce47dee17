#!/usr/bin/env node
// `npm run dev`: the API restarted on every change of the TypeScript. tsc compiles once
// (incrementally: a few seconds when dist/ is current), then watches and rewrites only what
// changed (decorator metadata included, as in the build: esbuild-based runners drop it and
// type-graphql needs it); node --watch restarts the API when a compiled file it loaded
// changes. Ctrl-C stops both.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const tsc = path.join(path.dirname(require.resolve('typescript/package.json')), 'bin', 'tsc');
const project = ['-p', 'tsconfig.build.json'];

const first = spawnSync(process.execPath, [tsc, ...project], { stdio: 'inherit' });
if (first.status !== 0 && !existsSync('dist/src/main.js')) process.exit(first.status ?? 1);

const children = [
  spawn(process.execPath, [tsc, ...project, '--watch', '--preserveWatchOutput'], { stdio: 'inherit' }),
  spawn(process.execPath, ['--watch', '--watch-preserve-output', 'dist/src/main.js'], { stdio: 'inherit', env: process.env }),
];

let stopping = false;
const stop = (signal) => {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill(signal);
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
for (const child of children) {
  child.on('exit', (code) => {
    stop('SIGTERM');
    if (children.every((c) => c.exitCode !== null || c.signalCode !== null)) process.exit(code ?? 0);
  });
}
