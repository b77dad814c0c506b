import { Hono } from 'hono';
import { AdminNav } from '../views/admin/admin-nav';
import { Export } from '../views/admin/dashboard';
import { type AdminEnv, campaignAccess, pageSession } from './admin-auth';

/** The Export page of the organiser's navigation: the signature exports, each a download. */
const adminExport = new Hono<AdminEnv>();

adminExport.get('/campaigns/:slug/export', pageSession, campaignAccess, (c) => {
  const { campaign, i18n } = c.var;
  return c.render(
    <section class="admin export-page">
      <AdminNav slug={campaign.slug} current="export" i18n={i18n} />
      <h1>{i18n.t('admin.exportPage.heading', { title: campaign.title })}</h1>
      <Export slug={campaign.slug} i18n={i18n} />
    </section>,
    { title: i18n.t('admin.exportPage.heading', { title: campaign.title }) },
  );
});

export default adminExport;
