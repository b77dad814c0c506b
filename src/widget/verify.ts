/**
 * The receipt check on /c/:slug/deliveries/verify, done in the browser: fetch a receipt's
 * proof and the published ledger, then recompute the leaf from its fields (and the pasted
 * text), the path to the day's tree, and the day's root, and compare it with the root the
 * ledger publishes for that day. Words come from the page (data-msg-*), in its language.
 */
import { dayRoot, leafHash, textHash } from '../lib/ledger-hash';
import { type ProofStep, rootFromProof } from '../lib/merkle';

type Receipt = { included: boolean; campaign: string; receipt: string; target: string; day: string; textSha256: string; leaf: string; size: number; proof: ProofStep[]; merkleRoot: string; previousRoot: string; root: string };
type Ledger = { targets: { key: string; name: string }[]; days: { day: string; root: string; previousRoot: string; delivered: number }[] };

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;
const str = (x: Record<string, unknown>, k: string): string => (typeof x[k] === 'string' ? x[k] : '');

function asStep(x: unknown): ProofStep | null {
  if (!isObject(x) || typeof x.hash !== 'string') return null;
  return x.position === 'left' || x.position === 'right' ? { position: x.position, hash: x.hash } : null;
}

/** The receipt answer, read field by field; null when it is not an included receipt. */
function asReceipt(x: unknown): Receipt | null {
  if (!isObject(x) || x.included !== true || typeof x.size !== 'number' || !Array.isArray(x.proof)) return null;
  const proof = x.proof.map(asStep);
  const steps = proof.filter((p): p is ProofStep => p !== null);
  if (steps.length !== proof.length) return null;
  return {
    included: true, campaign: str(x, 'campaign'), receipt: str(x, 'receipt'), target: str(x, 'target'), day: str(x, 'day'),
    textSha256: str(x, 'textSha256'), leaf: str(x, 'leaf'), size: x.size, proof: steps, merkleRoot: str(x, 'merkleRoot'),
    previousRoot: str(x, 'previousRoot'), root: str(x, 'root'),
  };
}

/** The published ledger, the parts the check reads. */
function asLedger(x: unknown): Ledger | null {
  if (!isObject(x) || !Array.isArray(x.targets) || !Array.isArray(x.days)) return null;
  return {
    targets: x.targets.filter(isObject).map((t) => ({ key: str(t, 'key'), name: str(t, 'name') })),
    days: x.days.filter(isObject).map((d) => ({ day: str(d, 'day'), root: str(d, 'root'), previousRoot: str(d, 'previousRoot'), delivered: typeof d.delivered === 'number' ? d.delivered : 0 })),
  };
}

/** A message with `{name}` filled. */
function say(out: HTMLElement, key: string, vars: Record<string, string> = {}): string {
  const text = out.dataset[`msg${key.charAt(0).toUpperCase()}${key.slice(1).toLowerCase()}`] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, k: string) => vars[k] ?? whole);
}

function line(out: HTMLElement, ok: boolean, text: string, strong = false): void {
  const p = document.createElement('p');
  p.className = ok ? 'ok' : 'error';
  if (strong) {
    const s = document.createElement('strong');
    s.textContent = text;
    p.append(s);
  } else p.textContent = `${ok ? '✓' : '✗'} ${text}`;
  out.append(p);
}

async function check(slug: string, id: string, text: string, out: HTMLElement): Promise<void> {
  out.textContent = say(out, 'checking');
  const get = (url: string) => fetch(url, { headers: { accept: 'application/json' } }).then((r) => r.json() as Promise<unknown>);
  const [raw, rawLedger] = await Promise.all([get(`/api/campaigns/${encodeURIComponent(slug)}/receipts/${encodeURIComponent(id)}`), get(`/c/${encodeURIComponent(slug)}/deliveries.json`)]);
  out.textContent = '';
  const r = asReceipt(raw);
  const ledger = asLedger(rawLedger);
  if (!r) return line(out, false, say(out, 'notIncluded'));
  if (!ledger) return line(out, false, say(out, 'error'));
  const leaf = await leafHash({ slug, receiptId: id, target: r.target, day: r.day, textSha256: r.textSha256 });
  const leafOk = leaf === r.leaf;
  line(out, leafOk, say(out, leafOk ? 'leafOk' : 'leafBad'));
  const textOk = text === '' ? null : (await textHash(text)) === r.textSha256;
  if (textOk !== null) line(out, textOk, say(out, textOk ? 'textOk' : 'textBad'));
  const pathOk = (await rootFromProof(leaf, r.proof)) === r.merkleRoot;
  line(out, pathOk, say(out, pathOk ? 'pathOk' : 'pathBad', { size: String(r.size) }));
  const published = ledger.days.find((d) => d.day === r.day);
  const root = await dayRoot({ slug, day: r.day, count: r.size, previous: r.previousRoot, tree: r.merkleRoot });
  const before = ledger.days.filter((d) => d.day < r.day).at(-1);
  const chained = r.previousRoot === (before ? before.root : '0'.repeat(64));
  const rootOk = root === r.root && published?.root === root && published.previousRoot === r.previousRoot && chained;
  line(out, rootOk, say(out, rootOk ? 'rootOk' : 'rootBad', { day: r.day }));
  const target = ledger.targets.find((t) => t.key === r.target)?.name ?? r.target;
  const proved = leafOk && pathOk && rootOk && textOk !== false;
  line(out, proved, proved ? say(out, textOk ? 'proved' : 'provedNoText', { target, day: r.day }) : say(out, 'failed'), true);
}

function start(): void {
  const form = document.querySelector<HTMLFormElement>('form[data-verify]');
  const out = document.querySelector<HTMLElement>('[data-verify-result]');
  if (!form || !out) return;
  const slug = form.dataset.verify ?? '';
  const run = () => {
    const id = (form.querySelector<HTMLInputElement>('#receipt')?.value ?? '').trim().toLowerCase();
    const text = form.querySelector<HTMLTextAreaElement>('#text')?.value ?? '';
    if (!/^[0-9a-f]{32}$/.test(id)) return;
    check(slug, id, text, out).catch(() => {
      out.textContent = '';
      line(out, false, say(out, 'error'));
    });
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    run();
  });
  // Opened from a receipt link (?receipt=…): check at once.
  run();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
