/**
 * The Worker's own memory, as Cloudflare limits it (per isolate), read through wrangler dev's
 * inspector with the DevTools protocol's Runtime.getHeapUsage. The workerd process also holds
 * the local D1 (SQLite and its own isolate), which on Cloudflare runs elsewhere.
 */
import WebSocket from 'ws';

/** The V8 heap's peaks while something ran: `used` what was live, `size` what V8 had reserved. */
export type HeapPeak = { usedMB: number; sizeMB: number };

const MB = 1024 * 1024;

/** Runs `during` while polling the heap of the Worker behind `inspectorPort` every 100 ms. */
export async function withHeapPeak<T>(inspectorPort: number, during: () => Promise<T>): Promise<{ result: T; heap: HeapPeak }> {
  const targets = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json()) as { webSocketDebuggerUrl?: string }[];
  const url = targets[0]?.webSocketDebuggerUrl;
  if (!url) throw new Error(`no inspector target on port ${inspectorPort}`);
  const ws = new WebSocket(url);
  await new Promise<void>((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const waiting = new Map<number, (result: { usedSize: number; totalSize: number }) => void>();
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data)) as { id?: number; result?: { usedSize: number; totalSize: number } };
    if (msg.id !== undefined && msg.result) waiting.get(msg.id)?.(msg.result);
    if (msg.id !== undefined) waiting.delete(msg.id);
  });
  let id = 0;
  const usage = () => new Promise<{ usedSize: number; totalSize: number }>((resolve) => {
    waiting.set(++id, resolve);
    ws.send(JSON.stringify({ id, method: 'Runtime.getHeapUsage' }));
  });
  const peak = { used: 0, size: 0 };
  let running = true;
  const poll = (async () => {
    while (running) {
      const h = await usage();
      peak.used = Math.max(peak.used, h.usedSize);
      peak.size = Math.max(peak.size, h.totalSize);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  try {
    const result = await during();
    return { result, heap: { usedMB: Math.round((peak.used / MB) * 10) / 10, sizeMB: Math.round((peak.size / MB) * 10) / 10 } };
  } finally {
    running = false;
    await poll;
    ws.close();
  }
}
