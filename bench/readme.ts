/**
 * The README's benchmark figures, between `<!-- bench:start -->` and `<!-- bench:end -->`,
 * rewritten from a full run's results so the README never carries figures of older code.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { capacity, comparisons, plainRun, signatureRows, together } from './figures';
import { mdTable } from './markdown';
import { planReadmeRows } from './plans';
import { type Results, valueOf } from './results';
import type { Target } from './targets';

const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

function rows(r: Results, ts: Target[]): string[][] {
  const out: string[][] = [['figure', 'result']];
  const small = valueOf(r.phases.costsSmall);
  const run = small ? plainRun(small) : null;
  if (small && run) {
    const c = small.costs;
    const s = signatureRows(run, small.e2e.idleCron);
    const rt = (x: { roundTrips: number }) => `${x.roundTrips} round trip${x.roundTrips === 1 ? '' : 's'}`;
    out.push(['D1 per request', `sign ${rt(c.sign)}, ${c.sign.rowsWritten} rows written; confirm ${rt(c.confirm)}, ${c.confirm.rowsWritten}; withdraw ${rt(c.withdraw)}, ${c.withdraw.rowsWritten}; page ${rt(c.pageFirst)}, ${c.pageFirst.rowsRead} rows read (first request), ${c.page.rowsRead} again; count with \`?lang=\` ${rt(c.countLang)}, ${c.countLang.rowsRead} read (cache miss)`]);
    const withTarget = small.e2e.runs.find((x) => x.target !== null);
    const w = withTarget ? signatureRows(withTarget, small.e2e.idleCron) : null;
    const also = w ? `; with a target: ${w.signConfirm} and **${w.whole}** with its ${w.messages} mails → **${w.perDay.toLocaleString('en')}/day**` : '';
    out.push(['rows written per signature', `${s.signConfirm} signing + confirming; **${s.whole}** with its ${s.messages} mails until sent → **${s.perDay.toLocaleString('en')} signatures/day** in the free tier's 100,000${also}`]);
    const cap = capacity(small, valueOf(r.phases.drain));
    if (cap.ms > 0) out.push(['one D1 database', `${cap.ms} ms of D1 time per signature (mean of ${small.d1Time.samples}) → about **${cap.perSecond.toLocaleString('en')} signatures/s**${cap.withMailPerSecond ? `, ${cap.withMailPerSecond.toLocaleString('en')}/s with their mail` : ''}`]);
  }
  const speed = valueOf(r.phases.speed);
  if (speed) {
    const cs = comparisons(speed).filter((c) => c.target !== null);
    const by = (subject: string) => cs.filter((c) => c.subject === subject).map((c) => `${c.ratio}× ${c.way}`).join(', ');
    const cpu = cs.filter((c) => c.subject === 'app /health').map((c) => `${c.cpuRatio}× ${c.way}`).join(', ');
    out.push(['/health through the middleware vs a bare Hono app', `Worker CPU per request ${cpu}; req/s ${by('app /health')}`]);
    out.push(['count (`?lang=`) / campaign page vs the app\'s /health', `${by('count')} / ${by('page')}`]);
    out.push(['signing / confirming vs the bare floor Worker', `${by('sign')} / ${by('confirm')}`]);
    const t = together(speed);
    if (t) out.push(['signing + confirming together', `${t.app} signatures/s (the floor: ${t.floor}/s)`]);
  }
  const surge = valueOf(r.phases.surge);
  if (surge) {
    const k = surge.run.kinds;
    out.push([`surge, ${surge.run.seconds} s at ${surge.run.connections} connections`, `${surge.checks.every((c) => c.pass) ? 'all checks pass' : `FAILED: ${surge.checks.filter((c) => !c.pass).map((c) => c.what).join('; ')}`}; p99 page ${k.page.p99} ms, count ${k.count.p99}, sign ${k.sign.p99}, confirm ${k.confirm.p99}`]);
  }
  const drain = valueOf(r.phases.drain);
  if (drain) out.push(['drainer against the fake Resend', `${drain.messagesPerSecond.toLocaleString('en')} messages/s`]);
  const exp = valueOf(r.phases.export);
  const last = exp?.runs.at(-1);
  if (exp && last) out.push([`CSV export of ${last.rows.toLocaleString('en')} rows`, `${last.rowsPerSecond.toLocaleString('en')} rows/s = ${last.ratio}× sqlite3's own export${exp.growthMB === null ? '' : `; peak memory +${exp.growthMB} MB between the sizes`}`]);
  out.push(...planReadmeRows(r));
  const met = ts.filter((t) => t.met).length;
  out.push(['targets met', `${met} of ${ts.length} (see BENCHMARKS.md)`]);
  return out;
}

/** Rewrites the README's bench block; false when the README has no markers. */
export function updateReadme(r: Results, ts: Target[], path = 'README.md'): boolean {
  const text = readFileSync(path, 'utf8');
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a < 0 || b < a) return false;
  const block = `${START}\nLatest full run (${r.date.slice(0, 10)}, ${r.machine.cores} cores shared with the load generator and other work):\n\n${mdTable(rows(r, ts))}\n`;
  writeFileSync(path, text.slice(0, a) + block + text.slice(b));
  return true;
}
