import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { ORIGIN, postForm, unique } from './helpers';
import { attendeeRow, campaignWithPickets, confirmRsvp, picketFile, picketTokenFor, rsvpForm } from './picket-helpers';

// Issue 24.1 for pickets: the name shown among those coming, and whether it is shown, are
// what the owner of the inbox chose on the page behind their link.

const cookiesOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');

/** Says "I'll be there" through the picket page's form, as a browser does (with its cookies). */
function rsvpInBrowser(slug: string, id: string, fields: Record<string, string>): Promise<Response> {
  return SELF.fetch(`${ORIGIN}/c/${slug}/pickets/${id}/rsvp`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
    body: new URLSearchParams({ name: '', consent: 'on', ...fields }).toString(),
    redirect: 'manual',
  });
}

const linkPage = async (token: string, cookie = '') => (await SELF.fetch(`${ORIGIN}/p/${token}`, { headers: cookie ? { cookie } : {} })).text();
const showTicked = (html: string) => html.includes('<input type="checkbox" checked="" id="show" name="show"/>');

describe('GET /p/:token and POST /p/:token/confirm: an attacker who answered first with the address', () => {
  it('shows no name the victim did not give: the victim answers without one, confirms, and the picket page lists no name', async () => {
    const slug = await campaignWithPickets([picketFile({ id: 'berlin' })]);
    const victim = `${unique('vera')}@example.org`;
    expect((await rsvpForm(slug, 'berlin', { email: victim, name: 'Vera Victim, Almaty', show: 'on' })).status).toBe(303);
    const answered = await rsvpInBrowser(slug, 'berlin', { email: victim });
    expect(answered.status).toBe(303);
    const token = await picketTokenFor(victim);
    const html = await linkPage(token, cookiesOf(answered));
    expect(html).toContain('<input type="text" autocomplete="name" maxlength="100" dir="auto" value="" id="name" name="name"/>');
    expect(html).not.toContain('Vera Victim');
    expect(showTicked(html)).toBe(false);
    expect((await confirmRsvp(token)).status).toBe(303);
    expect(await attendeeRow(victim)).toMatchObject({ status: 'confirmed', name: '', show_name: 0 });
    await new Promise((r) => setTimeout(r, 1100)); // the isolate's own copy of the picket page lives a second
    const picket = await (await SELF.fetch(`${ORIGIN}/c/${slug}/pickets/berlin?fresh=${unique()}`)).text();
    expect(picket).not.toContain('Vera Victim');
    expect(picket).toContain('1 person is coming');
  });

  it('leaves "show my name" unticked in another browser, and ticked where this browser ticked it', async () => {
    const slug = await campaignWithPickets([picketFile({ id: 'paris' })]);
    const email = `${unique('clara')}@example.org`;
    const answered = await rsvpInBrowser(slug, 'paris', { email, name: 'Clara', show: 'on' });
    const token = await picketTokenFor(email);
    expect(showTicked(await linkPage(token))).toBe(false);
    const mine = await linkPage(token, cookiesOf(answered));
    expect(showTicked(mine)).toBe(true);
    expect(mine).toContain('value="Clara" id="name" name="name"/>');
    expect((await confirmRsvp(token, { name: 'Clara', show: 'on' })).status).toBe(303);
    expect(await attendeeRow(email)).toMatchObject({ status: 'confirmed', name: 'Clara', show_name: 1 });
  });

  it('refuses a bad name with 422 and the form again, confirming nothing', async () => {
    const slug = await campaignWithPickets([picketFile({ id: 'bad' })]);
    const email = `${unique('bad')}@example.org`;
    await rsvpForm(slug, 'bad', { email });
    const res = await postForm(`/p/${await picketTokenFor(email)}/confirm`, { name: 'x'.repeat(101), show: 'on' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('<p class="field-error" id="name-error">');
    expect(showTicked(html)).toBe(true);
    expect(await attendeeRow(email)).toMatchObject({ status: 'pending', show_name: 0 });
  });
});
