// @ts-check
/**
 * `npm run schema:check` (inside `npm test`): the schema-first contract.
 *
 * Diffs the committed SDL (src/schema/schema.graphql) against the SDL of the last release
 * (src/schema/schema.released.graphql, committed, so it works on a fresh or shallow clone
 * without tags) with @graphql-inspector/core, and fails on a breaking change unless the
 * "Unreleased" section of CHANGELOG.md names it: a line with the change's path in backticks
 * and why, e.g. "- `Customer.email` removed: replaced by `Customer.emails` (see issue 21)".
 * Dangerous changes are printed, not failed.
 *
 * The baseline's first line names the release it was taken at ("# Released SDL: 0.1.0");
 * it must equal the newest release heading in CHANGELOG.md, so a release entry cannot be
 * added without refreshing the baseline (`cp src/schema/schema.graphql
 * src/schema/schema.released.graphql` and fix the first line). See docs/architecture.md.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema } from 'graphql';
import { diff, CriticalityLevel } from '@graphql-inspector/core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CURRENT = 'src/schema/schema.graphql';
const RELEASED = 'src/schema/schema.released.graphql';
const CHANGELOG = 'CHANGELOG.md';
const read = (file) => readFileSync(path.join(root, file), 'utf8');

/** CHANGELOG.md: the "## Unreleased" section's text and the newest release heading's version. */
export function parseChangelog(text) {
  const sections = text.split(/^## /m).slice(1);
  const unreleased = sections.find((s) => /^\[?unreleased\]?/i.test(s)) ?? '';
  const release = sections.map((s) => /^\[?v?(\d+\.\d+\.\d+[^\]\s]*)/.exec(s)?.[1]).find(Boolean);
  return { unreleased, release };
}

/** Whether a line of the Unreleased section names the change (its path in backticks) and says why. */
export function isListed(change, unreleased) {
  const name = change.path ?? '';
  if (!name) return false;
  return unreleased.split('\n').some((line) => {
    if (!line.includes('`' + name + '`')) return false;
    const why = line
      .replace(/`[^`]*`/g, '')
      .replace(/^[\s*-]+/, '')
      .trim();
    return why.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length >= 3;
  });
}

async function main() {
  const failures = [];
  const { unreleased, release } = parseChangelog(read(CHANGELOG));
  const released = read(RELEASED);
  const stamp = /^#\s*Released SDL:\s*(\S+)/.exec(released)?.[1];
  if (!release) failures.push(`${CHANGELOG} has no release heading ("## 0.1.0 — <date>").`);
  else if (stamp !== release)
    failures.push(
      `${RELEASED} is the SDL of ${stamp ?? 'an unnamed release'}, but the newest release in ${CHANGELOG} is ${release}: ` +
        `refresh it (cp ${CURRENT} ${RELEASED}, first line "# Released SDL: ${release}").`,
    );

  const changes = await diff(buildSchema(released), buildSchema(read(CURRENT)));
  const breaking = changes.filter((c) => c.criticality.level === CriticalityLevel.Breaking);
  const dangerous = changes.filter((c) => c.criticality.level === CriticalityLevel.Dangerous);
  for (const c of dangerous) console.warn(`schema:check: dangerous: ${c.message}`);
  for (const c of breaking) {
    if (!isListed(c, unreleased))
      failures.push(`breaking change not listed in ${CHANGELOG} "Unreleased" (a line with \`${c.path}\` and why): ${c.message}`);
  }
  const listed = breaking.length - failures.filter((f) => f.startsWith('breaking')).length;
  console.log(
    `schema:check: ${CURRENT} against ${RELEASED} (${stamp ?? '?'}): ${changes.length} changes, ` +
      `${breaking.length} breaking (${listed} listed in ${CHANGELOG}), ${dangerous.length} dangerous.`,
  );
  if (failures.length) {
    for (const f of failures) console.error(`schema:check: ${f}`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
