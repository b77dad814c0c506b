import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { adminPost, csrfOf, makeToken, signIn } from './admin-helpers';
import { BAD_VALUES, changedTables, FORMS, SMALL, snapshot, type WalkContext } from './admin-form-cases';
import { createCampaign, unique } from './helpers';
import { picketFile } from './picket-helpers';
import { seedSupporters } from './update-helpers';

// Issue 26.3: every organiser form answers bad input with a page (4xx), never a 500, and a
// refused form writes nothing at all. The admin is an organiser too (ADMIN_EMAILS).
const ADMIN = 'admin@example.org';
let w: WalkContext;
let cookie = '';

beforeAll(async () => {
  const campaign = await createCampaign({ ...SMALL, organisers: [ADMIN], pickets: [picketFile({ id: 'walk-cancel', target: 'de-berlin' })] });
  cookie = await signIn(ADMIN);
  const [sig] = await seedSupporters(campaign.slug, [{ status: 'confirmed' }]);
  await makeToken(campaign.slug, 'walk');
  const tokenId = await env.DB.prepare('SELECT id FROM api_tokens WHERE label = ?1 ORDER BY id DESC').bind('walk').first<number>('id');
  w = { campaign, csrf: await csrfOf(cookie, `/admin/campaigns/${campaign.slug}`), signatureId: String(sig?.id), tokenId: String(tokenId), picketId: 'walk-cancel' };
});

/** Posts the form with one field changed (or left out): what went wrong, if anything. */
async function walk(path: string, fields: Record<string, string>): Promise<string | null> {
  const before = await snapshot();
  const res = await adminPost(path, cookie, fields);
  const body = await res.text();
  if (res.status >= 500) return `${res.status} ${body.replace(/\s+/g, ' ').slice(0, 160)}`;
  const changed = res.status >= 400 ? changedTables(before, await snapshot()) : [];
  return changed.length > 0 ? `${res.status} but wrote ${changed.join(', ')}` : null;
}

describe.each(FORMS)('$name', (form) => {
  it('never answers 5xx for an empty, oversized or malformed field, nor for one left out; a refusal writes nothing', { timeout: 300_000 }, async () => {
    const valid = form.fields(w);
    const failures: string[] = [];
    const values = BAD_VALUES.filter(([n]) => !form.values || form.values.includes(n));
    for (const field of form.walk ?? Object.keys(valid).filter((f) => f !== '_csrf')) {
      const { [field]: _left, ...without } = valid;
      const tries: [string, Record<string, string>][] = [['left out', without], ...values.map(([n, x]): [string, Record<string, string>] => [n, { ...valid, [field]: x }])];
      for (const [name, fields] of tries) {
        const wrong = await walk(form.path(w), form.name === 'POST /admin/new-campaign' && fields.slug === valid.slug ? { ...fields, slug: unique('walk') } : fields);
        if (wrong) failures.push(`${field} ${name}: ${wrong}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
