import { type Context, Hono } from 'hono';
import { campaignFileOf } from '../db/campaign-files';
import type { CampaignFile } from '../schemas/campaign-file';
import { saveCampaignFile } from '../flows/campaign-save';
import { formToFile, fileToForm, type FormValues, withoutTargets } from '../schemas/campaign-form';
import { csvToTargetValues, targetsToCsv } from '../schemas/targets-csv';
import { CampaignForm } from '../views/admin/campaign-form';
import { EditPage } from '../views/admin/edit-page';
import { actorOf, adminOnly, type AdminEnv, assertCsrf, campaignAccess, pageSession } from './admin-auth';
import { judgeFile, plainProblems, published } from './campaign-edit';
import { formValues } from './validation';
import { AppError } from '../errors';

/** Creating (admins) and editing (its organisers) a campaign in the browser. */
const adminCampaigns = new Hono<AdminEnv>();

function csrfOf(c: Context<AdminEnv>): string {
  const p = c.var.principal;
  if (p.kind !== 'session') throw new AppError('unauthorized', 'error.admin.signInFirst');
  return p.csrf;
}

/**
 * A new campaign's form starts as a draft with the creator's address where one is needed, and
 * the file's documented defaults ticked (a box left out of a form would mean "off").
 */
function blank(email: string): FormValues {
  return {
    status: 'draft', locale: 'en', goal: '1000', 'mail.forward': 'each', moderation: 'show-first', 'abuse.blockDisposable': 'on', reminder: 'on', milestoneMail: 'on',
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

/**
 * Judges the form as one: a CSV pasted in it replaces the target rows (every other edit kept).
 * A CSV that cannot be read is a problem beside it, with every other field judged too.
 */
function judgeForm(c: Context<AdminEnv>, form: FormValues, before: CampaignFile | null) {
  const csv = form.targetsCsv?.trim() ? csvToTargetValues(form.targetsCsv) : undefined;
  const values = csv ? { ...withoutTargets(form), ...csv } : form;
  const judged = judgeFile(c, formToFile(values, before ?? {}), before?.slug);
  const csvProblem: Record<string, string> = csv === null ? { targetsCsv: c.var.i18n.t('error.editor.csv') } : {};
  if ('problems' in judged) return { values, problems: { ...plainProblems(judged.problems, c.var.i18n), ...csvProblem } };
  return csv === null ? { values, problems: csvProblem } : { values, file: judged.file };
}

adminCampaigns.post('/new-campaign', pageSession, adminOnly, async (c) => {
  const form = await formValues(c);
  assertCsrf(c.var.principal, form._csrf);
  const { values, ...judged } = judgeForm(c, form, null);
  if (!judged.file) return c.status(422), renderNew(c, values, judged.problems);
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

/** Saves the form (with a CSV pasted, its rows are the targets); through the schema, all or nothing. */
adminCampaigns.post('/campaigns/:slug/edit', pageSession, campaignAccess, async (c) => {
  const form = await formValues(c);
  assertCsrf(c.var.principal, form._csrf);
  const campaign = c.var.campaign;
  const { file: before } = await campaignFileOf(c.env.DB, campaign);
  const { values, ...judged } = judgeForm(c, form, before);
  if (!judged.file) return c.status(422), renderEdit(c, values, judged.problems);
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
