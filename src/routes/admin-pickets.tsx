import { type Context, Hono } from 'hono';
import * as v from 'valibot';
import { auditStatement } from '../db/audit';
import { markWebEditedStatement } from '../db/campaign-files';
import { listTargets } from '../db/campaigns';
import { attendeesForExport, attendeeTallies } from '../db/picket-attendees';
import { getPicket, listPickets, picketToFile, picketUpsertStatements } from '../db/pickets';
import { runBatch, type Statement } from '../db/statements';
import { AppError, type Issue } from '../errors';
import { msg } from '../i18n/index';
import { csvRow } from '../lib/csv';
import { zoneOfPlace } from '../lib/place-zone';
import { type PicketFile, picketProblems } from '../schemas/picket';
import { FORM_MESSAGES, PicketFormSchema } from '../schemas/picket-form';
import { PicketsAdminPage } from '../views/admin/pickets';
import { emptyForm, type FormState } from '../views/sign-form';
import { actorOf, type AdminEnv, campaignAccess, csrfForm, pageSession } from './admin-auth';
import { scheduleDrain } from './context';
import { purgePublic } from './public-cache';
import { formBody, type OnInvalidForm, param, query, refuseForm } from './validation';

/** The dashboard's Pickets page (issue 18): who is coming, add, edit, cancel, export. */
const adminPickets = new Hono<AdminEnv>();

adminPickets.use('/campaigns/:slug/pickets', pageSession, campaignAccess);
adminPickets.use('/campaigns/:slug/pickets/*', pageSession, campaignAccess);

const key = v.pipe(v.string(), v.regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, msg('error.picket.id')));
const badRequest = msg('error.admin.request');

async function renderPage(c: Context<AdminEnv>, form: FormState, editing: string | null) {
  const p = c.var.principal;
  if (p.kind !== 'session') throw new AppError('unauthorized', 'error.admin.signInFirst');
  const campaign = c.var.campaign;
  const [pickets, targets, tallies] = await Promise.all([listPickets(c.env.DB, campaign.id), listTargets(c.env.DB, campaign.id), attendeeTallies(c.env.DB, campaign.id)]);
  return c.render(<PicketsAdminPage campaign={campaign} pickets={pickets} targets={targets} tallies={tallies} email={p.email} csrf={p.csrf} form={form} editing={editing} i18n={c.var.i18n} />, {
    title: c.var.i18n.t('admin.pickets.heading', { title: campaign.title }),
    scripts: ['/admin.js'],
  });
}

adminPickets.get('/campaigns/:slug/pickets', query(v.object({ edit: v.optional(key) }), badRequest), async (c) => {
  const { edit } = c.req.valid('query');
  const picket = edit ? await getPicket(c.env.DB, c.var.campaign.id, edit) : null;
  if (edit && !picket) throw new AppError('not_found', 'error.picket.notFound');
  const file = picket && picketToFile(picket);
  // A new picket's zone is left to follow its place (no zone prefilled from elsewhere).
  const values = file ? Object.fromEntries(Object.entries(file).map(([k, x]) => [k, k === 'contactPublic' ? (x ? 'on' : '') : String(x)])) : {};
  return renderPage(c, { values, errors: {} }, file?.id ?? null);
});

const editAgain: OnInvalidForm = (c, form) => renderPage(c, form, null);

/** One picket stored as the file would store it, its audit entry, and the mark that `push` must ask first. */
function savePicketStatements(c: Context<AdminEnv>, file: PicketFile, action: string, now: number): Statement[] {
  const campaign = c.var.campaign;
  return [
    ...picketUpsertStatements(campaign.slug, [file], now),
    auditStatement({ campaignId: campaign.id, actor: actorOf(c.var.principal), action, detail: { picket: file.id }, at: now }),
    markWebEditedStatement(campaign.slug),
  ];
}

// Saves one picket by id (new or existing) in one batch with its audit entry and any notice to those coming.
adminPickets.post('/campaigns/:slug/pickets', csrfForm, formBody(PicketFormSchema, editAgain), async (c) => {
  const campaign = c.var.campaign;
  const form = c.req.valid('form');
  const existing = await getPicket(c.env.DB, campaign.id, form.id);
  const timeZone = form.timeZone || zoneOfPlace(form.country, form.city);
  if (!timeZone) return refuseForm(c, [{ field: 'timeZone', key: 'error.picket.zone' }], editAgain);
  const file = { ...form, timeZone, target: form.target || undefined, status: existing?.status ?? ('planned' as const) };
  const problems: Issue[] = picketProblems(file, FORM_MESSAGES).map(([field, k]) => ({ field, key: k }));
  const targets = await listTargets(c.env.DB, campaign.id);
  if (file.target && !targets.some((t) => t.id === file.target)) problems.push({ field: 'target', key: 'error.picket.target' });
  if (problems.length > 0) return refuseForm(c, problems, editAgain);
  const now = Date.now();
  await runBatch(c.env.DB, savePicketStatements(c, file, existing ? 'picket.edit' : 'picket.add', now));
  await purgePublic(c, campaign.slug);
  scheduleDrain(c);
  return c.redirect(c.var.i18n.link(`/admin/campaigns/${campaign.slug}/pickets`), 303);
});

const PicketParam = v.object({ slug: v.string(), id: key });

adminPickets.post('/campaigns/:slug/pickets/:id/cancel', csrfForm, param(PicketParam, badRequest), async (c) => {
  const campaign = c.var.campaign;
  const picket = await getPicket(c.env.DB, campaign.id, c.req.valid('param').id);
  if (!picket) throw new AppError('not_found', 'error.picket.notFound');
  const now = Date.now();
  await runBatch(c.env.DB, savePicketStatements(c, { ...picketToFile(picket), status: 'cancelled' }, 'picket.cancel', now));
  await purgePublic(c, campaign.slug);
  scheduleDrain(c);
  return c.redirect(c.var.i18n.link(`/admin/campaigns/${campaign.slug}/pickets`), 303);
});

/** Those coming (and not yet confirmed) to one picket, CSV with the signatures' formula guards (lib/csv.ts). */
adminPickets.get('/campaigns/:slug/pickets/:id/attendees.csv', async (c) => {
  const picket = await getPicket(c.env.DB, c.var.campaign.id, c.req.param('id'));
  if (!picket) throw new AppError('not_found', 'error.picket.notFound');
  const rows = await attendeesForExport(c.env.DB, picket.id);
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  const body = [
    csvRow(['id', 'status', 'name', 'email', 'show name', 'language', 'answered at', 'confirmed at']),
    ...rows.map((r) => csvRow([r.id, r.status, r.name, r.email, r.show_name ? 'yes' : 'no', r.locale, iso(r.created_at), iso(r.confirmed_at)])),
  ].join('');
  return c.body(body, 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${c.var.campaign.slug}-${picket.key}-attendees.csv"`,
  });
});

export default adminPickets;
