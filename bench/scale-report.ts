/** The scale phase's table in BENCHMARKS.md (between its markers), from bench/scale.ts's runs. */
import { readFileSync, writeFileSync } from 'node:fs';
import { D1 } from '../src/lib/platform-limits';
import type { ScaleRun } from './scale';
import type { ScaleCost } from './scale-requests';

const START = '<!-- scale:start -->';
const END = '<!-- scale:end -->';
const n = (v: number) => v.toLocaleString('en-US');

/**
 * Between the two largest sizes (the smallest has less than the fixed parts: a 10,000-message
 * queue, a window of 10,000 ids): flat when the largest costs at most twice the other plus a
 * hundred rows; linear when no faster than the signatures; worse beyond.
 */
export function grows(first: ScaleCost, last: ScaleCost, sizeRatio: number): 'flat' | 'linear' | 'worse' {
  const rows = (c: ScaleCost) => c.rowsRead + c.rowsWritten;
  if (rows(last) <= 2 * rows(first) + 100) return 'flat';
  return rows(last) / Math.max(1, rows(first)) <= 2 * sizeRatio ? 'linear' : 'worse';
}

const cell = (c: ScaleCost | undefined) =>
  c ? `${n(c.rowsRead)} read, ${n(c.rowsWritten)} written; D1 ${c.ms.toFixed(1)} ms, wall ${c.wallMs} ms, CPU ${c.cpuMs} ms` : '—';

/** The markdown of the section. */
export function scaleSection(runs: ScaleRun[], seconds: number): string {
  const last = runs.at(-1);
  const first = runs.at(-2) ?? last;
  if (!first || !last) return '';
  const header = `| request | ${runs.map((r) => `at ${n(r.signatures)}`).join(' | ')} | grows |`;
  const names = [...new Set(runs.flatMap((r) => Object.keys(r.costs)))];
  const rows = names.map((name) => {
    const a = first.costs[name];
    const b = last.costs[name];
    const g = a && b ? grows(a, b, last.signatures / first.signatures) : 'failed';
    return `| ${name} | ${runs.map((r) => cell(r.costs[name])).join(' | ')} | ${g} |`;
  });
  const perSig = last.bytes / last.signatures;
  return [
    START,
    `Measured by \`npm run bench:scale\` (${Math.round(seconds / 60)} min for ${runs.map((r) => n(r.signatures)).join(' / ')}), one request of each kind through the`,
    `app workerd's own socket, DEBUG_METRICS on. Rows read and written are exact (D1's own counts); times are one sample on a`,
    `shared machine, noisy. CPU is the app workerd's over the request (with the runtime's own work, an upper bound).`,
    '',
    `${header}\n|---|${runs.map(() => '---').join('|')}|---|`,
    ...rows,
    '',
    `Summaries that differ from a recount after the run: ${runs.map((r) => `${r.drift} at ${n(r.signatures)}`).join(', ')}.`,
    `The database file at ${n(last.signatures)} signatures (with their forwards, an update, the ledger's last two days and a picket):`,
    `${n(Math.round(last.bytes / 1e6))} MB, ${n(Math.round(perSig))} bytes a signature: about ${n(Math.floor(D1.maxDatabaseBytes.free / perSig))}`,
    `signatures fit D1's ${D1.maxDatabaseBytes.free / 1e6} MB (Free) and ${n(Math.floor(D1.maxDatabaseBytes.paid / perSig))} its ${D1.maxDatabaseBytes.paid / 1e9} GB (Paid).`,
    END,
  ].join('\n');
}

/** Puts the section into BENCHMARKS.md, replacing the last one or appended under its heading. */
export function writeScaleSection(runs: ScaleRun[], seconds: number): void {
  const doc = readFileSync('BENCHMARKS.md', 'utf8');
  const section = scaleSection(runs, seconds);
  const at = doc.indexOf(START);
  const next = at >= 0 ? doc.slice(0, at) + section + doc.slice(doc.indexOf(END) + END.length) : `${doc.trimEnd()}\n\n## At scale: a million signatures\n\n${section}\n`;
  writeFileSync('BENCHMARKS.md', next);
}
