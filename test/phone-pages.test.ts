// Issue 27 (points 3 and 6): the message's limit said before it bites, right-to-left text in
// its own direction, the public ledger in the page's language with the quiet targets folded.
// How the pages fit a phone is measured in a browser: test/browser/fit.test.mjs.
import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { isolatedCampaign } from './delivery-helpers';
import { confirmAs, mailTo, ORIGIN, postJson, signatureBody, tokenFor, unique } from './helpers';

const ARABIC_NAME = 'عبد الرحمن';
const HEBREW_MESSAGE = 'אנחנו עומדים לצד השובתים';
describe('right-to-left text in its own direction', () => {
  it('on the wall, the confirm form, the receipt and in the mail; CSV keeps the text as written', async () => {
    const c = await isolatedCampaign();
    const body = signatureBody({ name: ARABIC_NAME, city: 'תל אביב', message: HEBREW_MESSAGE, target: 'none' });
    await postJson(`/api/campaigns/${c.slug}/signatures`, body);
    const token = await tokenFor(String(body.email));
    const confirmPage = await (await SELF.fetch(`${ORIGIN}/s/${token}`)).text();
    expect(confirmPage).toContain(`required="" dir="auto" value="${ARABIC_NAME}"`);
    expect((await confirmAs(token, { public: true })).status).toBe(303);

    const wall = await (await SELF.fetch(`${ORIGIN}/c/${c.slug}?fresh=${unique()}`)).text();
    expect(wall).toContain(`<blockquote dir="auto">${HEBREW_MESSAGE}</blockquote>`);
    expect(wall).toContain(`<p class="from">— <bdi>${ARABIC_NAME}</bdi>, <bdi>תל אביב</bdi>, France</p>`);

    const receipt = await (await SELF.fetch(`${ORIGIN}/s/${token}`)).text();
    expect(receipt).toContain(`<blockquote class="message" dir="auto">${HEBREW_MESSAGE}</blockquote>`);

    const mails = await mailTo(String(body.email));
    const html = mails.map((m) => m.html_body).join('');
    expect(html).toContain(`<p style="margin:0 0 1em" dir="auto">${HEBREW_MESSAGE}</p>`);
    const forward = await env.DB.prepare(`SELECT html_body FROM dev_mailbox WHERE html_body LIKE ?1 AND to_addrs <> json_array(?2)`)
      .bind(`%${HEBREW_MESSAGE}%`, body.email).first<string>('html_body');
    expect(forward).toContain('dir="auto"');
  });
});
