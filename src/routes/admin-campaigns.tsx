import { type Context, Hono } from 'hono';
import { campaignFileOf } from '../db/campaign-files';
import { saveCampaignFile } from '../flows/campaign-save';
import { formToFile, fileToForm, type FormValues } from '../schemas/campaign-form';
import { csvToTargetValues, targetsToCsv } from '../schemas/targets-csv';
import { CampaignForm } from '../views/admin/campaign-form';
import { EditPage } from '../views/admin/edit-page';
import { actorOf, adminOnly, type AdminEnv, assertCsrf, campaignAccess, pageSession } from './admin-auth';
import { judgeFile, published } from './campaign-edit';
import { formValues } from './validation';
import { AppError } from '../errors';

/** Creating (admins) and editing (its organisers) a campaign in the browser. */
const adminCampaigns = new Hono<AdminEnv>();

function csrfOf(c: Context<AdminEnv>): string {
  const p = c.var.principal;
  if (p.kind !== 'session') throw new AppError('unauthorized', 'error.admin.signInFirst');
  return p.csrf;
}

/** A new campaign's form starts as a draft with the creator's address where one is needed. */
function blank(email: string): FormValues {
  return {
    status: 'draft', locale: 'en', goal: '1000', 'mail.forward': 'each', moderation: 'show-first', 'abuse.blockDisposable': 'on',
    'mail.targetPerHour': '30', 'mail.campaignPerHour': '600', 'privacy.retentionDays': '365', 'privacy.consentVersion': '1',
    'mail.to': email, 'privacy.contact': email, organisers: email,
  };
}

function renderNew(c: Context<AdminEnv>, values: FormValues, errors: Record<string, string> = {}) {
  const i18n = c.var.i18n;
  return c.render(
    <section class="admin"><h1>{i18n.t('editor.new.heading')}</h1><CampaignForm mode="new" slug="" csrf={csrfOf(c)} values={values} errors={errors} i18n={i18n} /></section>,
    { title: i18n.t('editor.new.heading') },
  );
}

adminCampaigns.get('/new-campaign', pageSession, adminOnly, (c) => {
  const p = c.var.principal;
  return renderNew(c, blank(p.kind === 'session' ? p.email : ''));
});

adminCampaigns.post('/new-campaign', pageSession, adminOnly, async (c) => {
  const values = await formValues(c);
  assertCsrf(c.var.principal, values._csrf);
  const judged = judgeFile(c, formToFile(values, {}));
  if ('problems' in judged) return c.status(422), renderNew(c, values, judged.problems);
  try {
    await saveCampaignFile(c.env.DB, { file: judged.file, before: null, actor: actorOf(c.var.principal), action: 'campaign.create' });
  } catch (err) {
    if (err instanceof AppError && err.code === 'conflict') return c.status(409), renderNew(c, values, { slug: c.var.i18n.t(err.key) });
    throw err;
  }
  await published(c, judged.file.slug);
  return c.redirect(c.var.i18n.link(`/admin/campaigns/${judged.file.slug}`), 303);
});

async function renderEdit(c: Context<AdminEnv>, values: FormValues, errors: Record<string, string> = {}) {
  const i18n = c.var.i18n;
  const campaign = c.var.campaign;
  return c.render(<EditPage slug={campaign.slug} title={campaign.title} csrf={csrfOf(c)} values={values} errors={errors} saved={c.req.query('saved') === '1'} i18n={i18n} />, {
    title: i18n.t('editor.edit.heading', { title: campaign.title }),
  });
}

adminCampaigns.get('/campaigns/:slug/edit', pageSession, campaignAccess, async (c) => {
  const { file } = await campaignFileOf(c.env.DB, c.var.campaign);
  return renderEdit(c, fileToForm(file));
});

/** Saves the form, or (with a CSV) replaces the targets with the CSV's; either way through the schema. */
adminCampaigns.post('/campaigns/:slug/edit', pageSession, campaignAccess, async (c) => {
  const form = await formValues(c);
  assertCsrf(c.var.principal, form._csrf);
  const campaign = c.var.campaign;
  const { file: before } = await campaignFileOf(c.env.DB, campaign);
  let values = form;
  if (form.targetsCsv?.trim()) {
    const csv = csvToTargetValues(form.targetsCsv);
    if (!csv) return c.status(422), renderEdit(c, { ...fileToForm(before), targetsCsv: form.targetsCsv }, { targetsCsv: c.var.i18n.t('error.editor.csv') });
    values = { ...fileToForm({ ...before, targets: [] }), ...csv };
  }
  const judged = judgeFile(c, formToFile(values, before), campaign.slug);
  if ('problems' in judged) return c.status(422), renderEdit(c, values, judged.problems);
  await saveCampaignFile(c.env.DB, { file: judged.file, before, actor: actorOf(c.var.principal), action: 'campaign.edit' });
  await published(c, campaign.slug);
  return c.redirect(c.var.i18n.link(`/admin/campaigns/${campaign.slug}/edit?saved=1`), 303);
});

adminCampaigns.get('/campaigns/:slug/targets.csv', pageSession, campaignAccess, async (c) => {
  const { file } = await campaignFileOf(c.env.DB, c.var.campaign);
  return c.body(targetsToCsv(file.targets), 200, {
    'content-type': 'text/csv; charset=utf-8; header=present',
    'content-disposition': `attachment; filename="${file.slug}-targets.csv"`,
  });
});

export default adminCampaigns;
