import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { Locale } from '../src/i18n/index';
import { createCampaign, ORIGIN, postForm, postJson, signatureBody, signatureRow, tokenFor, unique } from './helpers';

// Issue 24.2: no target is chosen for a supporter. They pick one or "No embassy"; choosing
// a country may suggest its embassy (campaign.js), never choose it. The form, the
// confirmation page and the privacy notice say in one sentence who receives what.

const text = async (path: string) => (await SELF.fetch(`${ORIGIN}${path}`)).text();

const SENTENCE: Record<Locale, string> = {
  en: 'The embassy you choose receives your name, city, country and message, and your email address only if you allow replies; the campaign’s organisers receive all of these and your email address.',
  ru: 'Выбранное вами посольство получит ваше имя, город, страну и послание, а адрес электронной почты — только если вы разрешите отвечать вам; организаторы кампании получат всё это и ваш адрес электронной почты.',
  kk: 'Сіз таңдаған елшілік атыңызды, қалаңызды, еліңізді және хатыңызды алады, ал электрондық пошта мекенжайыңызды сізге жауап беруге рұқсат етсеңіз ғана алады; науқан ұйымдастырушылары осының бәрін және электрондық пошта мекенжайыңызды алады.',
  de: 'Die Botschaft, die Sie wählen, erhält Ihren Namen, Ihre Stadt, Ihr Land und Ihre Nachricht, Ihre E-Mail-Adresse aber nur, wenn Sie Antworten erlauben; das Organisationsteam der Kampagne erhält all das und Ihre E-Mail-Adresse.',
};

describe('GET /c/:slug: the target list', () => {
  it('preselects no target: "Choose…" first, then "No embassy", then the embassies by country, none selected', async () => {
    const c = await createCampaign();
    const html = await text(`/c/${c.slug}?lang=en`);
    const select = /<select required="" id="target"[^>]*>.*?<\/select>/s.exec(html)?.[0] ?? '';
    expect(select).toMatch(/^<select required="" id="target" name="target" aria-describedby="target-recipients"><option value="" selected="">Choose…<\/option><option value="none">No embassy — only the campaign<\/option><optgroup label="Austria" data-country="AT">/);
    expect(select.match(/selected=""/g)).toHaveLength(1);
    expect(html).toContain('<p class="hint target-suggest" hidden="" data-suggest="Suggested for {country}: {target}."><span></span> <button type="button" class="link">Choose it</button></p>');
  });

  it('says who receives what, in one sentence, on the form, the confirmation page and the privacy notice, in every language', async () => {
    const c = await createCampaign();
    const email = `${unique('ana')}@example.org`;
    await postJson(`/api/campaigns/${c.slug}/signatures`, signatureBody({ email }));
    const token = await tokenFor(email);
    for (const [lang, sentence] of Object.entries(SENTENCE)) {
      expect(await text(`/c/${c.slug}?lang=${lang}`)).toContain(`<p class="hint recipients" id="target-recipients">${sentence}</p>`);
      expect(await text(`/s/${token}?lang=${lang}`)).toContain(`<p class="hint recipients" id="target-recipients">${sentence}</p>`);
      expect(await text(`/c/${c.slug}/privacy?lang=${lang}`)).toContain(`<p>${sentence}</p>`);
    }
  });
});

describe('POST /c/:slug/sign and POST /api/campaigns/:slug/signatures: the target is a required choice', () => {
  it('re-renders the form (422) with a message when no target was chosen, and stores nothing', async () => {
    const c = await createCampaign();
    const email = `${unique('ana')}@example.org`;
    const res = await postForm(`/c/${c.slug}/sign`, { name: 'Ana', email, country: 'FR', city: 'Paris', consent: 'on' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('<p class="field-error" id="target-error">Choose an embassy, or “No embassy”</p>');
    expect(html).toContain('<option value="" selected="">Choose…</option>');
    expect(await signatureRow(c.slug, email)).toBeNull();
  });

  it('answers 422 naming the target when the JSON has none, and takes "none" as no embassy', async () => {
    const c = await createCampaign();
    const { target: _, ...without } = signatureBody();
    const res = await postJson(`/api/campaigns/${c.slug}/signatures`, without);
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { issues: unknown[] } }).error.issues).toEqual([{ field: 'target', message: 'Choose an embassy, or “No embassy”' }]);
    const email = `${unique('ana')}@example.org`;
    expect((await postJson(`/api/campaigns/${c.slug}/signatures`, signatureBody({ email, target: 'none' }))).status).toBe(202);
    expect(await signatureRow(c.slug, email)).toMatchObject({ status: 'pending', target_id: null });
  });

  it('sends "No embassy" as a hidden choice where a campaign has no targets', async () => {
    const c = await createCampaign({ targets: [], pickets: [] });
    expect(await text(`/c/${c.slug}?lang=en`)).toContain('<input type="hidden" name="target" value="none"/>');
  });
});
