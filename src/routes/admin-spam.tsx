import type { Context } from 'hono';
import { Hono } from 'hono';
import { markSpam, previewSpam, type SpamPreview } from '../db/bulk-spam';
import { AppError } from '../errors';
import { SpamActionInput, SpamFilterInput } from '../schemas/spam-filter';
import { BulkSpamPage } from '../views/admin/bulk-spam';
import type { FormState } from '../views/sign-form';
import { actorOf, type AdminEnv, campaignAccess, csrfForm, pageSession } from './admin-auth';
import { purgePublic } from './public-cache';
import { formBody, type RefusedForm, queryForm } from './validation';

/** Marking many signatures as spam from the dashboard: a preview (GET) first, then the action (POST). */
const adminSpam = new Hono<AdminEnv>();

adminSpam.use('/campaigns/:slug/spam', pageSession, campaignAccess);

const FIELDS = ['domain', 'network', 'from', 'to'] as const;

/** The filter fields as typed, each a string: what the form is shown (or sent) again with. */
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

/** A refused filter: the page again with a message per field (the status is already 422). */
function refused(c: Context<AdminEnv>, form: RefusedForm) {
  // upTo comes from the preview's hidden field: wrong only in a forged or stale form.
  if (form.errors.upTo) throw new AppError('validation_failed', 'error.admin.spam.upTo');
  return render(c, { values: typed(form.values), errors: form.errors }, null);
}

adminSpam.get(
  '/campaigns/:slug/spam',
  async (c, next) => {
    // Nothing asked yet (the page opened from the dashboard): the form alone, no refusal.
    const query = c.req.query();
    if (!FIELDS.some((f) => f in query)) return render(c, { values: typed(query), errors: {} }, null);
    await next();
  },
  queryForm(SpamFilterInput, refused),
  async (c) => {
    const { before, ...filter } = c.req.valid('query');
    const preview = await previewSpam(c.env.DB, c.var.campaign.id, filter, before);
    return render(c, { values: typed(c.req.query()), errors: {} }, preview);
  },
);

adminSpam.post('/campaigns/:slug/spam', csrfForm, formBody(SpamActionInput, refused), async (c) => {
  const { upTo, lowest, ...filter } = c.req.valid('form');
  const campaign = c.var.campaign;
  await markSpam(c.env.DB, campaign.id, filter, upTo, actorOf(c.var.principal), Date.now(), lowest ?? undefined);
  await purgePublic(c, campaign.slug);
  return c.redirect(c.var.i18n.link(`/admin/campaigns/${campaign.slug}#log-heading`), 303);
});

export default adminSpam;
