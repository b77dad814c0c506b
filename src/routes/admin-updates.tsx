import { type Context, Hono } from 'hono';
import { listUpdates, audienceSize } from '../db/updates';
import { updateProgress } from '../db/update-progress';
import { updateMail } from '../email/update-mail';
import { AppError, type Issue } from '../errors';
import { createUpdate, type Draft, draftFromForm, sendTests } from '../flows/updates';
import { LOCALES } from '../i18n/index';
import { UpdateFormSchema } from '../schemas/update';
import { type UpdatePreview, UpdatesPage } from '../views/admin/updates';
import type { FormState } from '../views/sign-form';
import { actorOf, type AdminEnv, campaignAccess, csrfForm, pageSession } from './admin-auth';
import { scheduleDrain } from './context';
import { formBody, formValues, type RefusedForm } from './validation';

/** The dashboard's updates page: write, preview, test and send an update; each sent one's progress. */
const adminUpdates = new Hono<AdminEnv>();

adminUpdates.use('/campaigns/:slug/updates', pageSession, campaignAccess);

async function render(c: Context<AdminEnv>, state: FormState, previews: UpdatePreview[], notice: string | null, asking = false) {
  const p = c.var.principal;
  const { campaign, i18n } = c.var;
  const db = c.env.DB;
  const [updates, audience] = await Promise.all([listUpdates(db, campaign.id), audienceSize(db, campaign.id)]);
  const progress = await updateProgress(db, campaign.id, updates.map((u) => u.id));
  return c.render(
    <UpdatesPage campaign={campaign} csrf={p.kind === 'session' ? p.csrf : ''} state={state} previews={previews} notice={notice}
      audience={audience} updates={updates} progress={progress} asking={asking} i18n={i18n} />,
    { title: i18n.t('admin.updates.heading') },
  );
}

/** The form again with a message per field (the status is set by the caller). */
function refused(c: Context<AdminEnv>, form: RefusedForm) {
  return render(c, { values: form.values, errors: form.errors }, [], null);
}

/** What each language's supporters would get (the unsubscribe link shown as it will look). */
async function previewsOf(c: Context<AdminEnv>, draft: Draft): Promise<UpdatePreview[]> {
  const campaign = c.var.campaign;
  const update = { id: 0, campaignId: campaign.id, ...draft.text, translations: draft.translations, author: '', enqueued: 0, createdAt: 0, enqueuedAt: null };
  const langs = [campaign.locale, ...LOCALES.filter((l) => draft.translations[l])];
  return Promise.all(
    langs.map(async (l) => {
      const mail = await updateMail(update, campaign, l, `${new URL(c.req.url).origin}/u/…`);
      return { lang: LOCALES.find((x) => x === l) ?? 'en', subject: mail.subject, text: mail.text };
    }),
  );
}

adminUpdates.get('/campaigns/:slug/updates', (c) => render(c, { values: {}, errors: {} }, [], c.req.query('sent') === '1' ? c.var.i18n.t('admin.updates.sent') : null));

adminUpdates.post('/campaigns/:slug/updates', csrfForm, formBody(UpdateFormSchema, refused), async (c) => {
  const form = c.req.valid('form');
  const { campaign, i18n, principal } = c.var;
  const { draft, issues } = draftFromForm(campaign, form);
  const values = await formValues(c);
  if (issues.length > 0) {
    c.status(422);
    return render(c, { values, errors: Object.fromEntries(issues.map((i: Issue) => [i.field, i18n.t(i.key, i.vars)])) }, [], null);
  }
  if (form.intent === 'preview') return render(c, { values, errors: {} }, await previewsOf(c, draft), null);
  // Sending cannot be called back: the page asks once more, with the previews and the number.
  if (form.intent === 'send') return render(c, { values, errors: {} }, await previewsOf(c, draft), null, true);
  if (principal.kind !== 'session') throw new AppError('unauthorized', 'error.admin.signInFirst');
  if (form.intent === 'test') {
    await sendTests(c.env.DB, campaign, draft, principal.email, Date.now());
    scheduleDrain(c);
    return render(c, { values, errors: {} }, [], i18n.t('admin.updates.testSent', { email: principal.email }));
  }
  await createUpdate(c.env.DB, campaign, draft, actorOf(principal), Date.now(), form.draft);
  scheduleDrain(c);
  return c.redirect(i18n.link(`/admin/campaigns/${campaign.slug}/updates?sent=1`), 303);
});

export default adminUpdates;
