import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { getCount } from '../src/db/counts';
import { picketsNear } from '../src/db/next-pickets';
import { confirmAs, createCampaign, ORIGIN, postJson, sentMail, signatureBody, tokenFor } from './helpers';
import { settleInvocations } from './limits/invocation';
import { picketFile } from './picket-helpers';

/** Signs through the API as someone in `city`, `country`, and confirms; returns the address and link token. */
async function confirmedIn(slug: string, country: string, city: string, lang = 'en') {
  const body = signatureBody({ country, city, target: 'none', message: '' });
  const res = await postJson(`/api/campaigns/${slug}/signatures?lang=${lang}`, body);
  expect(res.status).toBe(202);
  const token = await tokenFor(String(body.email));
  expect((await confirmAs(token)).status).toBe(303);
  await settleInvocations();
  return { email: String(body.email), token };
}

const thanks = async (token: string) => (await SELF.fetch(`${ORIGIN}/s/${token}`)).text();

/** The receipt mail among what `email` received. */
async function receiptTo(email: string) {
  const [mail] = await sentMail(`o.kind = 'receipt' AND o.to_addrs = json_array(?1)`, email);
  if (!mail) throw new Error(`no receipt for ${email}`);
  return mail;
}

/** The demo's two pickets (Berlin and Paris, 16 June 2027), plus one in Munich later that day. */
const PICKETS = [
  picketFile({ id: 'de-munich-0616', target: '', place: 'Marienplatz', city: 'Munich', start: '2027-06-16T09:00', end: '2027-06-16T10:00' }),
  picketFile({ id: 'de-berlin-0616' }),
  picketFile({ id: 'fr-paris-0616', target: 'fr-paris', city: 'Paris', country: 'FR', start: '2027-06-16T18:00', end: '2027-06-16T19:30', timeZone: 'Europe/Paris' }),
];

describe('GET /s/:token after confirming (the thank-you page)', () => {
  it('shows a supporter in Berlin the Berlin picket, in its own time, with “I’ll be there” leading to its RSVP form', async () => {
    const c = await createCampaign({ pickets: PICKETS });
    const { token } = await confirmedIn(c.slug, 'DE', 'berlin ');
    const html = await thanks(token);
    // Their city's picket, though Munich's is sooner and in the same country.
    expect(html).toContain('data-picket="de-berlin-0616"');
    expect(html).toContain('<h2 id="next-heading">Next: the picket near you</h2>');
    expect(html).toContain('<strong>Embassy of Kazakhstan in Berlin, Germany</strong>');
    expect(html).toContain('<span data-picket-when="true">16 June 12:00 in Berlin–14:00</span>, local time (UTC+02:00)');
    expect(html).toContain(`<a class="button" href="/c/${c.slug}/pickets/de-berlin-0616#rsvp">I’ll be there</a>`);
    expect(html).not.toContain('class="no-picket"');
    // The RSVP form is where the button leads.
    const picket = await (await SELF.fetch(`${ORIGIN}/c/${c.slug}/pickets/de-berlin-0616`)).text();
    expect(picket).toContain('id="rsvp"');
  });

  it('shows a supporter elsewhere in the country the soonest picket there, and keeps the language', async () => {
    const c = await createCampaign({ pickets: PICKETS });
    const { token } = await confirmedIn(c.slug, 'DE', 'Hamburg', 'ru');
    const html = await thanks(token);
    expect(html).toContain('data-picket="de-munich-0616"');
    expect(html).toContain('Дальше: пикет рядом с вами');
    expect(html).toContain(`href="/c/${c.slug}/pickets/de-munich-0616?lang=ru#rsvp"`);
  });

  it('shows a supporter in a country without a picket the line that there is none yet, then sharing', async () => {
    const c = await createCampaign({ pickets: PICKETS });
    const { token } = await confirmedIn(c.slug, 'GB', 'London');
    const html = await thanks(token);
    expect(html).not.toContain('data-next="picket"');
    const none = html.indexOf('<p class="no-picket" data-next="share">No picket is planned near you yet.');
    expect(none).toBeGreaterThan(0);
    expect(html.indexOf('<section class="share-box"')).toBeGreaterThan(none);
  });

  it('leaves out a cancelled picket and one that is over', async () => {
    const c = await createCampaign({ pickets: [picketFile({ id: 'gone', status: 'cancelled' }), picketFile({ id: 'past', start: '2020-06-16T12:00', end: '2020-06-16T14:00' })] });
    const { token } = await confirmedIn(c.slug, 'DE', 'Berlin');
    const html = await thanks(token);
    expect(html).toContain('class="no-picket"');
  });

  it('says exactly which one of N the supporter is, with the bar toward the goal now shown', async () => {
    const c = await createCampaign({ goal: 3, milestones: [10] });
    const first = await confirmedIn(c.slug, 'GB', 'London');
    expect(await thanks(first.token)).toContain('<p class="one-of-line" data-one-of="true">You are one of 1 supporter.</p>');
    const second = await confirmedIn(c.slug, 'FR', 'Lyon');
    const html = await thanks(second.token);
    expect(html).toContain('<p class="one-of-line" data-one-of="true">You are one of 2 supporters.</p>');
    expect(html).toContain('<progress max="3" value="2"');
    const third = await confirmedIn(c.slug, 'FR', 'Lyon');
    await confirmedIn(c.slug, 'FR', 'Lyon');
    // Past the goal, the bar leads to the next milestone.
    expect(await thanks(third.token)).toContain('<progress max="10" value="4"');
    expect(await thanks(third.token)).toContain('You are one of 4 supporters.');
  });

  it('reads the count’s one row and the campaign’s pickets, however many signatures there are', async () => {
    const c = await createCampaign({ pickets: PICKETS });
    const id = (await env.DB.prepare('SELECT id FROM campaigns WHERE slug = ?1').bind(c.slug).first<{ id: number }>())!.id;
    const before = await picketsNear(env.DB, [{ campaignId: id, country: 'DE' }], Date.now());
    await env.DB.prepare(
      `WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < 500)
       INSERT INTO signatures (campaign_id, email, inbox, name, country, city, public, consent_version,
         status, token_nonce, token_hash, token_expires_at, created_at, confirmed_at, updated_at)
       SELECT c.id, 'seed-' || i || '@example.org', 'seed-' || i || '@example.org', 'Seed ' || i, 'DE', 'Berlin', 0, '1',
         'confirmed', 'nonce-for-a-seeded-row', printf('%064d', i), 0, 1, 1, 1
       FROM seq, campaigns c WHERE c.slug = ?1`,
    ).bind(c.slug).run();
    const { count, meta } = await getCount(env.DB, c.slug);
    expect(count?.count).toBe(500);
    expect(meta.rows_read).toBe(1);
    const near = await picketsNear(env.DB, [{ campaignId: id, country: 'DE' }], Date.now());
    expect(near.pickets.map((p) => p.key)).toEqual(['de-munich-0616', 'de-berlin-0616']);
    // The campaign's pickets (and their sort), the same with 500 signatures as with none.
    expect(near.meta?.rows_read).toBe(before.meta?.rows_read);
    expect(near.meta?.rows_read).toBeLessThanOrEqual(2 * PICKETS.length + 1);
  });
});

describe('the receipt email names the same picket', () => {
  it('tells a supporter in Berlin of the Berlin picket, with its local time and the link to say they will come', async () => {
    const c = await createCampaign({ pickets: PICKETS });
    const { email } = await confirmedIn(c.slug, 'DE', 'Berlin');
    const mail = await receiptTo(email);
    const line = `Next: the picket near you, Embassy of Kazakhstan in Berlin, Germany, 16 June 12:00 in Berlin–14:00 local time (UTC+02:00). Say you’ll be there: http://localhost/c/${c.slug}/pickets/de-berlin-0616#rsvp`;
    expect(mail.text_body.replace(/localhost:8787/g, 'localhost')).toContain(line);
    expect(mail.html_body).toContain('Next: the picket near you, Embassy of Kazakhstan in Berlin, Germany');
  });

  it('in the supporter’s language, the link keeping it', async () => {
    const c = await createCampaign({ pickets: PICKETS });
    const { email } = await confirmedIn(c.slug, 'DE', 'Berlin', 'ru');
    const mail = await receiptTo(email);
    expect(mail.text_body).toContain('Дальше: пикет рядом с вами, ');
    expect(mail.text_body).toMatch(new RegExp(`/c/${c.slug}/pickets/de-berlin-0616\\?lang=ru#rsvp`));
  });

  it('names no picket to a supporter in a country without one', async () => {
    const c = await createCampaign({ pickets: PICKETS });
    const { email } = await confirmedIn(c.slug, 'GB', 'London');
    const mail = await receiptTo(email);
    expect(mail.text_body).not.toContain('picket');
  });
});
