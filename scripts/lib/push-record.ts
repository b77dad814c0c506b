/**
 * Which file each campaign was last pushed from, for the local database only: `npm start`
 * pushes the demo campaign again only when its file changed since (the database cannot say,
 * since an edit in the browser replaces the hash it stores). Kept beside the local database,
 * in `<state>/solidarity-pushed.json`; a database without the campaign is pushed to anyway.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as v from 'valibot';

const Record_ = v.record(v.string(), v.string());

function pathOf(persistTo: string | undefined): string {
  return join(persistTo ?? '.wrangler/state', 'solidarity-pushed.json');
}

function readAll(persistTo: string | undefined): Record<string, string> {
  try {
    const parsed = v.safeParse(Record_, JSON.parse(readFileSync(pathOf(persistTo), 'utf8')));
    return parsed.success ? parsed.output : {};
  } catch {
    return {};
  }
}

/** The hash of the file `slug` was last pushed from, or null. */
export function lastPushed(persistTo: string | undefined, slug: string): string | null {
  return readAll(persistTo)[slug] ?? null;
}

/** Records that `slug` was pushed (or found in step) from the file with `hash`. */
export function recordPushed(persistTo: string | undefined, slug: string, hash: string): void {
  mkdirSync(persistTo ?? '.wrangler/state', { recursive: true });
  writeFileSync(pathOf(persistTo), `${JSON.stringify({ ...readAll(persistTo), [slug]: hash }, null, 2)}\n`);
}
