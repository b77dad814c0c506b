import type { Context } from 'hono';
import { Hono } from 'hono';
import * as v from 'valibot';
import { markSpam, previewSpam, type SpamPreview } from '../db/bulk-spam';
import { AppError } from '../errors';
import { SpamActionInput, SpamFilterInput } from '../schemas/spam-filter';
import { BulkSpamPage } from '../views/admin/bulk-spam';
import type { FormState } from '../views/sign-form';
import { actorOf, type AdminEnv, assertCsrf, campaignAccess, pageSession } from './admin-auth';
import { purgePublic } from './public-cache';
import { fieldIssues } from './validation';

/** Marking many signatures as spam from the dashboard: a preview (GET) first, then the action (POST). */
const adminSpam = new Hono<AdminEnv>();

adminSpam.use('/campaigns/:slug/spam', pageSession, campaignAccess);

const FIELDS = ['domain', 'network', 'from', 'to'] as const;

/** The filter fields as typed, each a string: what the form is shown again with. */
function typed(input: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(FIELDS.map((f) => [f, typeof input[f] === 'string' ? input[f] : '']));
}

function render(c: Context<AdminEnv>, state: FormState, preview: SpamPreview | null) {
  const p = c.var.principal;
  const csrf = p.kind === 'session' ? p.csrf : '';
  const { campaign, i18n } = c.var;
  return c.render(<BulkSpamPage campaign={campaign} state={state} preview={preview} csrf={csrf} i18n={i18n} />, {
    title: i18n.t('admin.spam.title', { title: campaign.title }),
  });
}

/** A refused filter: 422 and the page again with a message per field. */
function refuse(c: Context<AdminEnv>, values: Record<string, string>, issues: readonly v.BaseIssue<unknown>[]) {
  const found = fieldIssues(issues);
  // upTo comes from the preview's hidden field: wrong only in a forged or stale form.
  if (found.some((i) => i.field === 'upTo')) throw new AppError('validation_failed', 'error.admin.spam.upTo', found);
  const errors = Object.fromEntries(found.map((i) => [i.field, c.var.i18n.t(i.key, i.vars)]));
  c.status(422);
  return render(c, { values, errors }, null);
}

adminSpam.get('/campaigns/:slug/spam', async (c) => {
  const query = c.req.query();
  const values = typed(query);
  if (!FIELDS.some((f) => f in query)) return render(c, { values, errors: {} }, null);
  const result = v.safeParse(SpamFilterInput, values);
  if (!result.success) return refuse(c, values, result.issues);
  return render(c, { values, errors: {} }, await previewSpam(c.env.DB, c.var.campaign.id, result.output));
});

adminSpam.post('/campaigns/:slug/spam', async (c) => {
  const form = await c.req.parseBody();
  assertCsrf(c.var.principal, form._csrf);
  const values = typed(form);
  const result = v.safeParse(SpamActionInput, { ...values, upTo: form.upTo });
  if (!result.success) return refuse(c, values, result.issues);
  const { upTo, ...filter } = result.output;
  const campaign = c.var.campaign;
  await markSpam(c.env.DB, campaign.id, filter, upTo, actorOf(c.var.principal), Date.now());
  await purgePublic(c, campaign.slug);
  return c.redirect(c.var.i18n.link(`/admin/campaigns/${campaign.slug}#log-heading`), 303);
});

export default adminSpam;
