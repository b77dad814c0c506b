import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createCampaign, ORIGIN, postJson, signatureBody, tokenFor, confirmAs } from './helpers';

const noStore = (res: Response) => [res.status, res.headers.get('cache-control')];

describe('/s/* pages', () => {
  it('are never kept by a cache: the confirm page, the thanks page and the redirects between them', async () => {
    const c = await createCampaign();
    const body = signatureBody();
    await postJson(`/api/campaigns/${c.slug}/signatures`, body);
    const token = await tokenFor(String(body.email));
    expect(noStore(await SELF.fetch(`${ORIGIN}/s/${token}`))).toEqual([200, 'no-store']);
    expect(noStore(await confirmAs(token))).toEqual([303, 'no-store']);
    expect(noStore(await SELF.fetch(`${ORIGIN}/s/${token}`))).toEqual([200, 'no-store']);
  });

  it('are never kept by a cache when they are errors: bad link, unknown path, forged form, rate limit', async () => {
    expect(noStore(await SELF.fetch(`${ORIGIN}/s/${'A'.repeat(43)}`))).toEqual([404, 'no-store']);
    expect(noStore(await SELF.fetch(`${ORIGIN}/s/a/b/c`))).toEqual([404, 'no-store']);
    await refusedUncached('/s', '198.51.100.213');
  });
});

/** A bad link, a forged form and the per-IP limit under `prefix`: each refused, and none kept by a cache. */
async function refusedUncached(prefix: string, ip: string): Promise<void> {
  expect(noStore(await SELF.fetch(`${ORIGIN}${prefix}/not-a-token`))).toEqual([404, 'no-store']);
  const forged = await SELF.fetch(`${ORIGIN}${prefix}/${'A'.repeat(43)}/confirm`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
    body: '',
  });
  expect(noStore(forged)).toEqual([403, 'no-store']);
  // LINK_LIMITER allows 30 a minute from one address; its minutes are fixed windows, so 70
  // tries reach the limit even when a new minute starts among them.
  let last: Response | null = null;
  for (let i = 0; i < 70 && last?.status !== 429; i++) {
    last = await SELF.fetch(`${ORIGIN}${prefix}/${'B'.repeat(43)}`, { headers: { 'cf-connecting-ip': ip } });
  }
  expect(noStore(last!)).toEqual([429, 'no-store']);
}

describe('/p/* pages (a picket reply’s links)', () => {
  it('are kept by no cache, take posts from our own pages only, and share the links’ per-IP limit', () => refusedUncached('/p', '198.51.100.214'));
});
