import { type Context, Hono } from 'hono';
import * as v from 'valibot';
import { msg } from '../i18n/index';
import { EXPORT_FORMATS } from '../lib/export-formats';
import { AdminNav } from '../views/admin/admin-nav';
import { Export, type ExportFormState } from '../views/admin/export-form';
import { type AdminEnv, campaignAccess, pageSession } from './admin-auth';
import { download } from './admin-export-api';
import { queryForm, type RefusedForm } from './validation';

/** The Export page of the organiser's navigation: which signatures, which format, one button. */
const adminExport = new Hono<AdminEnv>();

const DownloadForm = v.object({
  status: v.picklist(['confirmed', 'all'], msg('error.export.status')),
  format: v.picklist(EXPORT_FORMATS, msg('error.export.format')),
});

function page(c: Context<AdminEnv>, state?: ExportFormState) {
  const { campaign, i18n } = c.var;
  const title = i18n.t('admin.exportPage.heading', { title: campaign.title });
  return c.render(
    <section class="admin export-page">
      <AdminNav slug={campaign.slug} current="export" i18n={i18n} />
      <h1>{title}</h1>
      <Export slug={campaign.slug} i18n={i18n} state={state} />
    </section>,
    { title, scripts: ['/admin.js'] },
  );
}

/** A refused choice: the page again with a message per field (the status is already 422). */
function refused(c: Context<AdminEnv>, form: RefusedForm) {
  return page(c, form);
}

adminExport.get('/campaigns/:slug/export', pageSession, campaignAccess, (c) => page(c));

/** The form's answer without JavaScript: the file itself, streamed in one request (on Workers Free only a small export finishes so). */
adminExport.get(
  '/campaigns/:slug/export/download',
  pageSession,
  campaignAccess,
  queryForm(DownloadForm, refused),
  (c) => {
    const q = c.req.valid('query');
    return download(c.env.DB, c.var.campaign, { status: q.status === 'all' ? null : q.status, since: null }, q.format);
  },
);

export default adminExport;
