/** Each target of issues 7 and 12 against this run's figures; a phase that failed leaves its targets unmet. */
import { comparisons, meets, plainRun, signatureRows, targetText, together } from './figures';
import { type Results, valueOf } from './results';

export type Target = { what: string; target: string; measured: string; met: boolean };

const NOT_MEASURED = (phase: string) => ({ measured: `not measured: the ${phase} phase failed`, met: false });

function costTargets(r: Results): Target[] {
  const small = valueOf(r.phases.costsSmall);
  const large = valueOf(r.phases.costsLarge);
  const out: Target[] = [];
  for (const op of ['sign', 'confirm', 'withdraw'] as const) {
    const what = `${op === 'sign' ? 'signing' : op === 'confirm' ? 'confirming' : 'withdrawing'}: one D1 batch`;
    out.push(small ? { what, target: '1 round trip', measured: `${small.costs[op].roundTrips} round trip${small.costs[op].roundTrips === 1 ? '' : 's'} (${small.costs[op].queries} statements)`, met: small.costs[op].roundTrips === 1 } : { what, target: '1 round trip', ...NOT_MEASURED('small cost') });
  }
  const sizes = [small, large].filter((x) => x !== null);
  const count = sizes.map((c) => [c.signatures, c.costs.count.rowsRead, c.costs.countLang.rowsRead] as const);
  out.push({
    what: 'count reads 1 row at any size (cache miss; issue 7)',
    target: '1 row',
    measured: count.length ? count.map(([n, a, b]) => `${a} at ${n.toLocaleString('en')} (${b} with ?lang=)`).join('; ') : 'not measured',
    met: count.length === 2 && count.every(([, a]) => a === 1),
  });
  const run = small ? plainRun(small) : null;
  if (!small || !run) return [...out, { what: 'rows written per signature', target: '≤ 12 / ≤ 25', ...NOT_MEASURED('small cost') }];
  const rows = signatureRows(run, small.e2e.idleCron);
  out.push({ what: 'rows written: sign + confirm', target: '≤ 12', measured: `${rows.signConfirm} (${run.sign.rowsWritten} + ${run.confirm.rowsWritten})`, met: rows.signConfirm <= 12 });
  out.push({ what: `rows written: the whole path with its ${rows.messages} mails until sent`, target: '≤ 25', measured: `${rows.whole} → ${rows.perDay.toLocaleString('en')} signatures/day in the free tier's 100,000`, met: rows.whole <= 25 });
  return out;
}

function speedTargets(r: Results): Target[] {
  const speed = valueOf(r.phases.speed);
  if (!speed) return [{ what: 'speed against the floors', target: 'see issue 12', ...NOT_MEASURED('speed') }];
  const out: Target[] = comparisons(speed)
    .filter((c) => c.target !== null)
    .map((c) => ({
      what: `${c.what} (${c.way})`,
      target: targetText(c),
      measured: c.basis === 'cpu'
        ? `${c.cpuRatio}× (${c.cpu} vs ${c.baseCpu} ms; req/s ${c.ratio}×)`
        : `${c.ratio}× (${c.rps} vs ${c.baseRps} req/s; CPU/req ${c.cpuRatio}×)`,
      met: meets(c),
    }));
  const t = together(speed);
  if (t) out.push({ what: 'signing + confirming sustained, run together (issue 7)', target: '≥ 333/s', measured: `${t.app}/s (the floor: ${t.floor}/s, ${t.ratio}×)`, met: t.app >= 333 });
  return out;
}

function surgeTargets(r: Results): Target[] {
  const surge = valueOf(r.phases.surge);
  if (!surge) return [{ what: 'surge holds', target: 'all checks pass', ...NOT_MEASURED('surge') }];
  return surge.checks.map((c) => ({ what: `surge: ${c.what}`, target: 'pass', measured: c.detail, met: c.pass }));
}

function exportTargets(r: Results): Target[] {
  const e = valueOf(r.phases.export);
  if (!e) return [{ what: 'export memory flat, ≥ 0.3× sqlite3', target: '< 50 MB growth, ≥ 0.3×', ...NOT_MEASURED('export') }];
  const first = e.runs[0];
  const last = e.runs.at(-1);
  if (!first || !last) return [];
  return [
    e.growthMB === null
      ? { what: 'export memory growth', target: '< 50 MB', measured: 'one size only (--quick)', met: false }
      : { what: `export memory growth ${first.rows.toLocaleString('en')}→${last.rows.toLocaleString('en')} rows`, target: '< 50 MB', measured: `${e.growthMB} MB`, met: e.growthMB < 50 },
    { what: `export rows/s vs sqlite3 at ${last.rows.toLocaleString('en')} rows`, target: '≥ 0.3×', measured: `${last.ratio}×`, met: last.ratio >= 0.3 },
  ];
}

/** All targets, in the order of the report. */
export function targets(r: Results): Target[] {
  return [...costTargets(r), ...speedTargets(r), ...surgeTargets(r), ...exportTargets(r)];
}
