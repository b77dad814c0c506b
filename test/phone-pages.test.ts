// Issue 27 (points 3 and 6): the message's limit said before it bites, right-to-left text in
// its own direction, the public ledger in the page's language with the quiet targets folded.
// How the pages fit a phone is measured in a browser: test/browser/fit.test.mjs.
import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { isolatedCampaign } from './delivery-helpers';
import { confirmAs, confirmFields, createCampaign, mailTo, ORIGIN, postForm, postJson, signatureBody, tokenFor, unique } from './helpers';

const ARABIC_NAME = 'عبد الرحمن';
const HEBREW_MESSAGE = 'אנחנו עומדים לצד השובתים';
const long = (n: number) => 'Solidarity! '.repeat(Math.ceil(n / 12)).slice(0, n);

/** The form's fields for a valid signature, with `overrides`. */
function signFields(overrides: Record<string, string> = {}): Record<string, string> {
  return { name: 'Ana Lima', email: `${unique('ana')}@example.org`, country: 'FR', city: 'Paris', target: 'none', consent: 'on', ...overrides };
}

describe('the message field states its limit and counts down', () => {
  it('says the limit in the hint under the field, carries the words of the count, and cuts nothing (no maxlength)', async () => {
    const c = await createCampaign();
    const html = await (await SELF.fetch(`${ORIGIN}/c/${c.slug}`)).text();
    expect(html).toContain('<textarea rows="2" dir="auto" data-limit="2000" id="message" name="message" aria-describedby="message-count"></textarea>');
    expect(html).toMatch(/<p class="hint char-count" id="message-count" data-left="[^"]+" data-over="[^"]+">You can write up to 2,000 characters\.<\/p>/);
    expect(html).not.toMatch(/<textarea[^>]*maxlength/);
    const left = html.match(/data-left="([^"]+)"/)?.[1]?.replaceAll('&quot;', '"') ?? '{}';
    expect(JSON.parse(left)).toEqual({ one: '{count} character left', other: '{count} characters left' });
    expect(html).toContain('<p class="visually-hidden" id="message-live" aria-live="polite"></p>');
    expect(html).toContain('<script src="/message-count.js" defer="">');
  });

  it('has every plural form of the language: Russian one, few and many', async () => {
    const c = await createCampaign();
    const html = await (await SELF.fetch(`${ORIGIN}/c/${c.slug}?lang=ru`)).text();
    expect(html).toMatch(/>Можно написать до 2\s000 знаков\.<\/p>/);
    const left = html.match(/data-left="([^"]+)"/)?.[1]?.replaceAll('&quot;', '"') ?? '{}';
    expect(JSON.parse(left)).toEqual({ one: 'Остался {count} знак', few: 'Осталось {count} знака', many: 'Осталось {count} знаков' });
    const kk = await (await SELF.fetch(`${ORIGIN}/c/${c.slug}?lang=kk`)).text();
    expect(JSON.parse(kk.match(/data-over="([^"]+)"/)?.[1]?.replaceAll('&quot;', '"') ?? '{}')).toEqual({ one: '{count} таңба артық', other: '{count} таңба артық' });
  });

  it('POST /c/:slug/sign without JavaScript: a 5,000-character paste is refused whole with a message, never cut', async () => {
    const c = await createCampaign();
    const message = long(5000);
    const res = await postForm(`/c/${c.slug}/sign`, signFields({ message }));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('<p class="field-error" id="message-error">Message must be at most 2,000 characters</p>');
    expect(html).toContain(`id="message" name="message" aria-invalid="true" aria-describedby="message-error message-count" autofocus="">${message}</textarea>`);
    const ru = await postForm(`/c/${c.slug}/sign?lang=ru`, signFields({ message }));
    expect(await ru.text()).toMatch(/Послание — не длиннее 2\s000 символов/);
  });

  it('counts as the server does: 2,000 characters with line breaks and spaces around are accepted', async () => {
    const c = await createCampaign();
    const message = `  ${long(1000)}\r\n${long(999)}  `;
    expect((await postForm(`/c/${c.slug}/sign`, signFields({ message }))).status).toBe(303);
  });

  it('POST /s/:token/confirm refuses a longer message with the form again, the message kept', async () => {
    const c = await createCampaign();
    const body = signatureBody({ target: 'none' });
    await postJson(`/api/campaigns/${c.slug}/signatures`, body);
    const token = await tokenFor(String(body.email));
    const page = await (await SELF.fetch(`${ORIGIN}/s/${token}`)).text();
    expect(page).toContain('<script src="/message-count.js" defer="">');
    // One button that confirms, after the fields, kept in sight at the bottom of the screen (app.css).
    expect(page.match(/>Confirm my signature<\/button>/g)).toHaveLength(1);
    expect(page).toContain('<div class="sticky-submit"><button type="submit" class="submit">Confirm my signature</button></div></form>');
    const message = long(2001);
    const res = await postForm(`/s/${token}/confirm`, await confirmFields(token, { message }));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Message must be at most 2,000 characters');
    expect(html).toContain(`>${message}</textarea>`);
  });
});

describe('right-to-left text in its own direction', () => {
  it('on the wall, the confirm form, the receipt and in the mail; CSV keeps the text as written', async () => {
    const c = await isolatedCampaign();
    const body = signatureBody({ name: ARABIC_NAME, city: 'תל אביב', message: HEBREW_MESSAGE, target: 'none' });
    await postJson(`/api/campaigns/${c.slug}/signatures`, body);
    const token = await tokenFor(String(body.email));
    const confirmPage = await (await SELF.fetch(`${ORIGIN}/s/${token}`)).text();
    expect(confirmPage).toContain(`required="" dir="auto" value="${ARABIC_NAME}"`);
    expect(confirmPage).toMatch(/<textarea rows="4" dir="auto"/);
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

describe('GET /c/:slug/deliveries on a phone', () => {
  /** Targets whose names sort otherwise than their countries' codes, and one delivered message to Zeta. */
  async function ledgerCampaign() {
    const tag = unique('l');
    const targets = [
      { id: 'ad', name: 'Zeta Embassy', names: { ru: 'Посольство Б' }, country: 'AD', email: `ad-${tag}@example.org` },
      { id: 'ae', name: 'Alpha Embassy', names: { ru: 'Посольство В' }, country: 'AE', email: `ae-${tag}@example.org` },
      { id: 'af', name: 'Mu Embassy', names: { ru: 'Посольство А' }, country: 'AF', email: `af-${tag}@example.org` },
      { id: 'ag', name: 'Beta Embassy', names: { ru: 'Посольство Г' }, country: 'AG', email: `ag-${tag}@example.org` },
    ];
    const mail = { senderName: 'Ledger test', to: `inbox-${tag}@example.org`, cc: [], forward: 'each', targetPerHour: 3600, campaignPerHour: 36000 };
    const c = await createCampaign({ mail, targets });
    const body = signatureBody({ target: 'ad' });
    await postJson(`/api/campaigns/${c.slug}/signatures`, body);
    await confirmAs(await tokenFor(String(body.email)));
    for (let i = 0; i < 100; i++) {
      await mailTo(`ad-${tag}@example.org`);
      const n = await env.DB.prepare(`SELECT count(*) AS n FROM ledger_leaves l JOIN campaigns c ON c.id = l.campaign_id WHERE c.slug = ?1`).bind(c.slug).first<number>('n');
      if (n === 2) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    return c.slug;
  }

  it('lists the targets anything reached first, the rest folded with their count, each sorted by name in the page’s language', async () => {
    const slug = await ledgerCampaign();
    const html = await (await SELF.fetch(`${ORIGIN}/c/${slug}/deliveries`)).text();
    const table = html.slice(html.indexOf('<table class="ledger targets"'), html.indexOf('</table>'));
    expect([...table.matchAll(/<tr data-target="([^"]+)">/g)].map((m) => m[1])).toEqual(['@campaign', 'ad']);
    const folded = html.slice(html.indexOf('<details class="ledger-quiet">'), html.indexOf('</details>'));
    expect(folded).toContain('<summary>3 more recipients: nothing delivered yet</summary>');
    expect([...folded.matchAll(/<li data-target="([^"]+)">/g)].map((m) => m[1])).toEqual(['ae', 'ag', 'af']);
    // The heading is outside the box that scrolls sideways, so it wraps instead of being cut.
    expect(html).toContain('<h2 id="per-target">Messages delivered, per recipient (latest days in columns)</h2>');
    expect(html).toContain('<div class="table-scroll" role="region" aria-labelledby="per-target" tabindex="0"><table class="ledger targets" aria-labelledby="per-target">');

    const ru = await (await SELF.fetch(`${ORIGIN}/c/${slug}/deliveries?lang=ru`)).text();
    const foldedRu = ru.slice(ru.indexOf('<details class="ledger-quiet">'), ru.indexOf('</details>'));
    expect(foldedRu).toContain('<summary>Ещё 3 адресата: пока ничего не доставлено</summary>');
    expect([...foldedRu.matchAll(/<li data-target="([^"]+)">/g)].map((m) => m[1])).toEqual(['af', 'ae', 'ag']);
  });

  it('says nothing was delivered yet instead of a table of zeros', async () => {
    const c = await isolatedCampaign({}, 3);
    const html = await (await SELF.fetch(`${ORIGIN}/c/${c.slug}/deliveries`)).text();
    expect(html).not.toContain('<table class="ledger targets"');
    expect(html).toContain('<h2 id="per-target">Messages delivered, per recipient (latest days in columns)</h2><p>Nothing delivered yet.</p>');
    expect(html).toContain('<summary>4 more recipients: nothing delivered yet</summary>');
  });
});
