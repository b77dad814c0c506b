import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { WIDGET_MESSAGE_MAX } from '../src/views/widget-form-data';
import { createCampaign, ORIGIN, postJson, signatureBody } from './helpers';

const form = (slug: string, query = '', headers: Record<string, string> = {}) => SELF.fetch(`${ORIGIN}/api/campaigns/${slug}/form${query}`, { headers });

type FormData = { lang: string; max: number; labels: Record<string, string>; targets: { id: string; name: string; country: string }[] };

describe('GET /api/campaigns/:slug/form (the widget’s signing form)', () => {
  it('answers the form’s words in the language asked for and the targets named in it, to any site', async () => {
    const c = await createCampaign();
    const res = await form(c.slug, '?lang=ru', { origin: 'https://union.example' });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cache-control')).toContain('public');
    const body = await res.json<FormData>();
    expect(body.lang).toBe('ru');
    expect(body.max).toBe(2000);
    expect(body.labels).toMatchObject({
      message: 'Ваше послание',
      noTarget: expect.stringContaining('Никакому посольству'),
      left: 'Осталось знаков: {count}',
      over: 'Знаков сверх предела: {count}',
      consent: expect.stringContaining('{privacy}'),
    });
    expect(body.targets).toContainEqual({ id: 'de-berlin', name: 'Посольство Казахстана в Берлине, Германия', country: 'DE' });
    expect(body.targets).toHaveLength(c.targets.length);
    // Only what the form shows: never a target's address.
    expect(JSON.stringify(body)).not.toContain('@example.org');
  });

  it('is English for an unknown or missing language', async () => {
    const c = await createCampaign();
    expect((await (await form(c.slug, '?lang=xx')).json<FormData>()).labels.left).toBe('Characters left: {count}');
    expect((await (await form(c.slug)).json<FormData>()).lang).toBe('en');
  });

  it('answers 404 for an unknown or a closed campaign', async () => {
    expect((await form('no-such-campaign')).status).toBe(404);
    const c = await createCampaign({ status: 'closed' });
    expect((await form(c.slug)).status).toBe(404);
  });
});

describe('what the widget’s form relies on from POST /api/campaigns/:slug/signatures', () => {
  it('takes a message of exactly the limit the form counts down to, and refuses one character more with the form’s own words', async () => {
    const c = await createCampaign();
    const ok = await postJson(`/api/campaigns/${c.slug}/signatures`, signatureBody({ message: 'я'.repeat(WIDGET_MESSAGE_MAX), target: 'none' }));
    expect(ok.status).toBe(202);
    const long = await postJson(`/api/campaigns/${c.slug}/signatures?lang=kk`, signatureBody({ message: 'я'.repeat(WIDGET_MESSAGE_MAX + 1), target: 'none' }));
    expect(long.status).toBe(422);
    const { labels } = await (await form(c.slug, '?lang=kk')).json<FormData>();
    const { error } = await long.json<{ error: { issues: { field: string; message: string }[] } }>();
    expect(error.issues).toEqual([{ field: 'message', message: labels.long }]);
  });

  it('names every refused field at once, the target among them when none was chosen', async () => {
    const c = await createCampaign();
    const res = await postJson(`/api/campaigns/${c.slug}/signatures`, { name: '', email: 'nope', country: '', city: '', message: '', target: '', consent: false });
    expect(res.status).toBe(422);
    const { error } = await res.json<{ error: { issues: { field: string }[] } }>();
    expect(error.issues.map((i) => i.field)).toEqual(['name', 'email', 'country', 'city', 'target', 'consent']);
  });
});

describe('GET /c/:slug/embed-code offers the signing form', () => {
  it('shows its snippet (a placeholder and the script) with a live preview, in the page’s language', async () => {
    const c = await createCampaign();
    const html = await (await SELF.fetch(`${ORIGIN}/c/${c.slug}/embed-code?lang=ru`)).text();
    expect(html).toContain('<label for="embed-form">Живой виджет с формой подписи (скрипт): счётчик, послание и выбор посольства</label>');
    expect(html).toContain(
      `<textarea id="embed-form" readonly="" rows="3" data-copy="true">&lt;div data-solidarity-campaign=&quot;${c.slug}&quot; data-variant=&quot;full&quot; data-lang=&quot;ru&quot;&gt;&lt;/div&gt;\n&lt;script async src=&quot;${ORIGIN}/widget.js&quot;&gt;&lt;/script&gt;</textarea>`,
    );
    expect(html).toContain(`<div class="preview"><div data-solidarity-campaign="${c.slug}" data-lang="ru" data-variant="full"></div></div>`);
  });
});
