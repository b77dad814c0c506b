import { type Context, Hono } from 'hono';
import * as v from 'valibot';
import { lookupSignature } from '../db/lookup';
import { canonicalInbox } from '../lib/inbox';
import { emailAddress } from '../schemas/text';
import { LookupPage, type LookupPageProps } from '../views/admin/lookup';
import type { FormState } from '../views/sign-form';
import { actorOf, type AdminEnv, campaignAccess, csrfForm, pageSession } from './admin-auth';
import { formBody, type OnInvalidForm } from './validation';

/** "Did my signature count?": one address looked up by an organiser, each lookup in the audit log. */
const adminLookup = new Hono<AdminEnv>();

adminLookup.use('/campaigns/:slug/lookup', pageSession, campaignAccess);

const LookupForm = v.object({ email: emailAddress });

function render(c: Context<AdminEnv>, state: FormState, answer?: LookupPageProps['answer']) {
  const p = c.var.principal;
  const { campaign, i18n } = c.var;
  return c.render(
    <LookupPage campaign={campaign} csrf={p.kind === 'session' ? p.csrf : ''} state={state} answer={answer} now={Date.now()} i18n={i18n} />,
    { title: i18n.t('admin.lookup.title', { title: campaign.title }), scripts: ['/admin.js'] },
  );
}

// The address typed is shown again (it is the organiser's own input); the CSRF token is not a field.
const again: OnInvalidForm = (c, form) => render(c, { values: { email: form.values.email ?? '' }, errors: form.errors });

adminLookup.get('/campaigns/:slug/lookup', (c) => render(c, { values: {}, errors: {} }));

adminLookup.post('/campaigns/:slug/lookup', csrfForm, formBody(LookupForm, again), async (c) => {
  const { email } = c.req.valid('form');
  const state = { values: { email }, errors: {} };
  const result = await lookupSignature(c.env.DB, c.var.campaign.id, canonicalInbox(email), actorOf(c.var.principal), Date.now());
  if (result.limited) {
    c.status(429);
    c.header('Retry-After', '3600');
    return render(c, { ...state, errors: { email: c.var.i18n.t('admin.lookup.limited') } });
  }
  return render(c, state, { found: result.found });
});

export default adminLookup;
