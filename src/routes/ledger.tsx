import { type Context, Hono } from 'hono';
import { getPublicCampaign } from '../db/campaigns';
import type { AppEnv } from '../env';
import { AppError } from '../errors';
import { publicLedger, receiptProof } from '../flows/ledger-public';
import { withAnswers } from '../flows/replies';
import { localizeCampaign } from '../db/localize';
import { i18nFor } from '../i18n/lang';
import { isReceiptShaped } from '../lib/crypto';
import { publicOrigin } from '../lib/origin';
import { Layout } from '../views/layout';
import { LedgerPage } from '../views/ledger-page';
import { VerifyPage } from '../views/verify-page';
import { openCors } from './open-cors';
import { PAGE_VARIANTS, servePublic } from './public-cache';

/**
 * The public delivery ledger: /c/:slug/deliveries (HTML, per language) and .json, a
 * receipt's proof at /api/campaigns/:slug/receipts/:id (all cached like the count), and
 * the page that checks a receipt in the browser. Counts and hashes only: no address,
 * name or message text.
 */
const ledger = new Hono<AppEnv>();

// Anyone may check the ledger from anywhere, like the count: open to every origin, no cookies.
const openToAll = openCors({ methods: ['GET'], allowHeaders: ['If-None-Match'], exposeHeaders: ['ETag'] });
ledger.use('/c/:slug/deliveries.json', openToAll);
ledger.use('/api/campaigns/:slug/receipts/*', openToAll);

async function ledgerOf(c: Context<AppEnv>) {
  const campaign = await getPublicCampaign(c.env.DB, c.req.param('slug') ?? '');
  const now = Date.now();
  return campaign && { campaign, ledger: await withAnswers(c.env.DB, campaign.id, await publicLedger(c.env.DB, campaign, now), now) };
}

ledger.get('/c/:slug/deliveries.json', (c) =>
  servePublic(c, async () => {
    const found = await ledgerOf(c);
    return found && { body: JSON.stringify(found.ledger), contentType: 'application/json' };
  }),
);

// Per language, built from the page's canonical address (as the campaign page is), so no
// visitor's query string ends up in the links everyone is served.
ledger.get('/c/:slug/deliveries', (c) => {
  const { locale, inUrl } = c.var.i18n;
  return servePublic(
    c,
    async () => {
      const found = await ledgerOf(c);
      if (!found) return null;
      const path = `/c/${found.campaign.slug}/deliveries`;
      const i18n = i18nFor(locale, inUrl, path);
      const { title } = localizeCampaign(found.campaign, locale);
      const heading = i18n.t('ledger.heading', { title });
      const page = (
        <Layout title={heading} base={publicOrigin(c.env.PUBLIC_URL, c.req.url)} path={path} i18n={i18n}>
          <LedgerPage ledger={found.ledger} title={title} i18n={i18n} />
        </Layout>
      );
      return { body: `<!DOCTYPE html>${String(await page)}`, contentType: 'text/html; charset=UTF-8' };
    },
    { lang: locale, variant: inUrl ? PAGE_VARIANTS[1] : PAGE_VARIANTS[0] },
  );
});

ledger.get('/c/:slug/deliveries/verify', async (c) => {
  const campaign = await getPublicCampaign(c.env.DB, c.req.param('slug'));
  if (!campaign) throw new AppError('not_found', 'error.noCampaign');
  const asked = c.req.query('receipt') ?? '';
  const receipt = isReceiptShaped(asked) ? asked : '';
  return c.render(<VerifyPage slug={campaign.slug} receipt={receipt} i18n={c.var.i18n} />, { title: c.var.i18n.t('verify.heading'), scripts: ['/verify.js'] });
});

ledger.get('/api/campaigns/:slug/receipts/:id', (c) => {
  const id = c.req.param('id');
  if (!isReceiptShaped(id)) throw new AppError('validation_failed', 'error.fields', [{ field: 'id', key: 'error.receipt.id' }]);
  return servePublic(c, async () => {
    const campaign = await getPublicCampaign(c.env.DB, c.req.param('slug'));
    return campaign && { body: JSON.stringify(await receiptProof(c.env.DB, campaign, id, Date.now())), contentType: 'application/json' };
  });
});

export default ledger;
