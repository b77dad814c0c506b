/**
 * A fake Resend API for tests and the benchmark: plain Node (`node:http`), no test
 * framework, importable from tsx. It implements `POST /emails` and `POST /emails/batch`
 * with Resend's idempotency semantics and injectable faults; state is kept per API key,
 * so test files sharing one server never see each other's mail.
 *
 * Control, for code that cannot call the functions (tests inside workerd):
 *   PUT  /_fake/faults   body: Faults           (for the caller's API key)
 *   GET  /_fake/stats                           (delivered mail and request counts)
 *   POST /_fake/reset
 *   POST /_fake/webhooks body: WebhookAsk       → a signed webhook request (headers, body)
 *                                                 about a mail it delivered, for the test
 *                                                 to post to the app
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type FaultKind, type Faults, pickFault, QUOTA_ERRORS, quotaPassed, rng } from './faults';
import { RESEND } from '../../src/lib/platform-limits';
import { LIMIT_HEADER, validateEmail, type WireEmail } from './validate';
import { signedEvent, type WebhookAsk } from './webhooks';

export type { FaultKind, Faults } from './faults';

/** One email the fake delivered (exactly what was accepted, once). */
export type Delivered = WireEmail & { id: string; requestKey: string | null; endpoint: 'emails' | 'batch' };

export type FakeStats = {
  delivered: Delivered[];
  requests: number;
  /** Injected faults by kind; a quota's refusals appear once there is one. */
  faultsInjected: Partial<Record<FaultKind, number>>;
  replays: number;
  conflicts: number;
  /** Requests refused for crossing one of Resend's documented limits (each also fails the test). */
  limitsCrossed: string[];
};

type Stored = { fingerprint: string; status: number; body: unknown } | { fingerprint: string; inProgress: true };

type Account = { stats: FakeStats; faults: Faults; random: () => number; keys: Map<string, Stored> };

export type FakeResend = {
  url: string;
  close(): Promise<void>;
  stats(apiKey: string): FakeStats;
  setFaults(apiKey: string, faults: Faults): void;
  reset(apiKey?: string): void;
};

function emptyStats(): FakeStats {
  return { delivered: [], requests: 0, faultsInjected: { '429': 0, '500': 0, slow: 0, drop: 0, '422': 0 }, replays: 0, conflicts: 0, limitsCrossed: [] };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function error(status: number, name: string, message: string) {
  return { statusCode: status, name, message };
}

// Refused as Resend refuses an invalid parameter, and named in LIMIT_HEADER for the tests.
function refuseOverLimit(res: ServerResponse, a: Account, message: string): void {
  a.stats.limitsCrossed.push(message);
  send(res, 422, error(422, 'invalid_parameter', message), { [LIMIT_HEADER]: encodeURIComponent(message) });
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Starts the fake on `port` (0: any free port) at 127.0.0.1. */
export async function startFakeResend(options: { port?: number; slowMs?: number } = {}): Promise<FakeResend> {
  const accounts = new Map<string, Account>();
  const slowMs = options.slowMs ?? 1500;
  const account = (key: string): Account => {
    let a = accounts.get(key);
    if (!a) {
      a = { stats: emptyStats(), faults: {}, random: rng(1), keys: new Map() };
      accounts.set(key, a);
    }
    return a;
  };

  /** Sends (records) the emails and answers like Resend; the answer is what an idempotent replay returns. */
  function deliver(a: Account, emails: WireEmail[], endpoint: 'emails' | 'batch', requestKey: string | null) {
    const ids = emails.map((e) => {
      const id = randomUUID();
      a.stats.delivered.push({ ...e, id, requestKey, endpoint });
      return id;
    });
    return endpoint === 'emails' ? { id: ids[0] } : { data: ids.map((id) => ({ id })) };
  }

  async function handleSend(req: IncomingMessage, res: ServerResponse, a: Account, endpoint: 'emails' | 'batch') {
    a.stats.requests += 1;
    const raw = await readBody(req);
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return send(res, 400, error(400, 'validation_error', 'Invalid JSON body'));
    }
    const list = endpoint === 'batch' ? parsed : [parsed];
    if (!Array.isArray(list) || list.length === 0) {
      return send(res, 422, error(422, 'validation_error', `A batch holds 1 to ${RESEND.maxBatchEmails} emails`));
    }
    if (list.length > RESEND.maxBatchEmails) return refuseOverLimit(res, a, `a batch of ${list.length} emails, over Resend's ${RESEND.maxBatchEmails}`);
    const checked = list.map((e: unknown, i) => validateEmail(e, i, a.faults.rejectRecipient));
    const overLimit = checked.find((c) => !c.ok && 'limit' in c);
    if (overLimit && !overLimit.ok) return refuseOverLimit(res, a, overLimit.message);
    const emails: WireEmail[] = [];
    let firstProblem: string | null = null;
    for (const c of checked) {
      if (c.ok) emails.push(c.email);
      else firstProblem ??= c.message;
    }
    const key = req.headers['idempotency-key'];
    const requestKey = typeof key === 'string' ? key : null;
    if (requestKey !== null && (requestKey.length < 1 || requestKey.length > 256)) {
      return send(res, 400, error(400, 'invalid_idempotency_key', 'The key must be between 1-256 chars.'));
    }
    const fingerprint = createHash('sha256').update(`${endpoint}\n${raw}`).digest('hex');
    const stored = requestKey ? a.keys.get(requestKey) : undefined;
    if (stored) {
      if (stored.fingerprint !== fingerprint) {
        a.stats.conflicts += 1;
        return send(res, 409, error(409, 'invalid_idempotent_request', 'Same idempotency key used with a different request payload.'));
      }
      if ('inProgress' in stored) {
        return send(res, 409, error(409, 'concurrent_idempotent_requests', 'Same idempotency key used while original request is still in progress.'));
      }
      a.stats.replays += 1;
      return send(res, stored.status, stored.body);
    }
    const recipients = (e: WireEmail) => e.to.length + (e.cc?.length ?? 0);
    const sentRecipients = a.stats.delivered.reduce((n, e) => n + recipients(e), 0);
    const fault = pickFault(a.faults, a.random) ?? quotaPassed(a.faults, sentRecipients, emails.reduce((n, e) => n + recipients(e), 0));
    if (fault) a.stats.faultsInjected[fault] = (a.stats.faultsInjected[fault] ?? 0) + 1;
    if (fault === 'daily-quota' || fault === 'monthly-quota') return send(res, 429, error(429, QUOTA_ERRORS[fault].name, QUOTA_ERRORS[fault].message));
    // Faults that come before any work: nothing is sent, nothing is stored.
    if (fault === '429') return send(res, 429, error(429, 'rate_limit_exceeded', 'Too many requests.'), { 'retry-after': String(a.faults.retryAfterSeconds ?? 2) });
    if (fault === '500') return send(res, 500, error(500, 'internal_server_error', 'Something went wrong.'));
    if (fault === '422' || firstProblem) {
      return send(res, 422, error(422, 'validation_error', firstProblem ?? 'Injected validation error'));
    }
    // Faults that come after the work: the mail went out, the client never hears so.
    if (requestKey) a.keys.set(requestKey, { fingerprint, inProgress: true });
    const body = deliver(a, emails, endpoint, requestKey);
    const finish = () => {
      if (requestKey) a.keys.set(requestKey, { fingerprint, status: 200, body });
    };
    if (fault === 'drop') {
      finish();
      req.socket.destroy();
      return;
    }
    if (fault === 'slow') {
      await new Promise((r) => setTimeout(r, slowMs));
      finish();
      return send(res, 200, body);
    }
    finish();
    return send(res, 200, body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const auth = req.headers.authorization ?? '';
    const apiKey = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    if (!apiKey) return send(res, 401, error(401, 'missing_api_key', 'Missing API key in the authorization header.'));
    if (apiKey.startsWith('re_invalid')) return send(res, 403, error(403, 'invalid_api_key', 'API key is invalid.'));
    const a = account(apiKey);
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'POST' && path === '/emails') return handleSend(req, res, a, 'emails');
    if (req.method === 'POST' && path === '/emails/batch') return handleSend(req, res, a, 'batch');
    if (req.method === 'PUT' && path === '/_fake/faults') {
      a.faults = JSON.parse(await readBody(req)) as Faults;
      a.random = rng(a.faults.seed ?? 1);
      return send(res, 200, { ok: true });
    }
    if (req.method === 'GET' && path === '/_fake/stats') return send(res, 200, a.stats);
    if (req.method === 'POST' && path === '/_fake/webhooks') {
      const ask = JSON.parse(await readBody(req)) as WebhookAsk;
      return send(res, 200, signedEvent(ask, a.stats.delivered.find((d) => d.id === ask.emailId)));
    }
    if (req.method === 'POST' && path === '/_fake/reset') {
      accounts.delete(apiKey);
      return send(res, 200, { ok: true });
    }
    return send(res, 404, error(404, 'not_found', 'The requested endpoint does not exist.'));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => send(res, 500, error(500, 'internal_server_error', String(err))));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    stats: (apiKey) => account(apiKey).stats,
    setFaults: (apiKey, faults) => {
      const a = account(apiKey);
      a.faults = faults;
      a.random = rng(faults.seed ?? 1);
    },
    reset: (apiKey) => (apiKey ? accounts.delete(apiKey) : accounts.clear()),
  };
}
