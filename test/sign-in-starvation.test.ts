import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { ORIGIN, createCampaign, postJson, signatureBody, signatureRow, unique } from './helpers';

/** Issue 24.4: nobody anonymous can stop an organiser getting sign-in links, nor a supporter their confirmation. */
const randomIp = () => `198.18.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

function askLink(email: string, ip: string): Promise<Response> {
  return SELF.fetch(`${ORIGIN}/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, 'cf-connecting-ip': ip },
    body: new URLSearchParams({ email }).toString(),
  });
}

const linksFor = (email: string) => env.DB.prepare('SELECT count(*) AS n FROM login_links WHERE email = ?1').bind(email).first<number>('n');

describe('POST /admin/login', () => {
  it("sends the organiser a link from their own network after a stranger's requests used up the stranger's share", async () => {
    const dave = `${unique('dave')}@example.org`;
    await createCampaign({ organisers: [dave] });
    const stranger = randomIp();
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await askLink(dave, stranger));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    // The stranger's network had its three; the fourth sent nothing.
    expect(await linksFor(dave)).toBe(3);
    const own = await askLink(dave, randomIp());
    expect(own.status).toBe(200);
    expect(await linksFor(dave)).toBe(4);
  });

  it('answers alike over the share and under it (same status and page)', async () => {
    const dave = `${unique('dave')}@example.org`;
    await createCampaign({ organisers: [dave] });
    const ip = randomIp();
    const answers: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await askLink(dave, ip);
      answers.push(`${res.status} ${(await res.text()).replaceAll(res.headers.get('x-request-id') ?? '-', '<id>')}`);
    }
    expect(await linksFor(dave)).toBe(3);
    expect(new Set(answers).size).toBe(1);
  });
});

describe('inboxes stored before folding was narrowed (migrations/0024)', () => {
  it('become the address itself off the folding providers, and stay folded on Gmail', async () => {
    const c = await createCampaign();
    const local = unique('old').replace(/-/g, '');
    const plain = `${local}+news@example.org`;
    const gmail = `${local.slice(0, 2)}.${local.slice(2)}+x@gmail.com`;
    for (const email of [plain, gmail]) await postJson(`/api/campaigns/${c.slug}/signatures`, signatureBody({ email }));
    // As the old rule stored them: `+tag` dropped on every domain.
    await env.DB.prepare('UPDATE signatures SET inbox = ?2 WHERE email = ?1').bind(plain, `${local}@example.org`).run();
    const migration = env.TEST_MIGRATIONS.find((m) => m.name.startsWith('0024_'));
    expect(migration?.name).toBe('0024_refold_inboxes.sql');
    for (const sql of migration?.queries ?? []) await env.DB.prepare(sql).run();
    expect((await signatureRow(c.slug, plain))?.inbox).toBe(plain);
    expect((await signatureRow(c.slug, gmail))?.inbox).toBe(`${local}@gmail.com`);
    // The address's own owner can now sign: it is another inbox than the `+news` one.
    expect((await postJson(`/api/campaigns/${c.slug}/signatures`, signatureBody({ email: `${local}@example.org` }))).status).toBe(202);
    expect((await signatureRow(c.slug, `${local}@example.org`))?.inbox).toBe(`${local}@example.org`);
  });
});
