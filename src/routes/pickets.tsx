import { type Context, Hono } from 'hono';
import * as v from 'valibot';
import { cachedCampaign } from '../db/campaign-cache';
import { localizeCampaign, localizePicket } from '../db/localize';
import { publicNames } from '../db/picket-attendees';
import { getPicket, listPickets } from '../db/pickets';
import type { AppEnv } from '../env';
import { AppError } from '../errors';
import { picketOpen, rsvp } from '../flows/pickets';
import { i18nFor } from '../i18n/lang';
import { msg } from '../i18n/index';
import { icsCalendar } from '../lib/ics';
import { RsvpInputSchema } from '../schemas/rsvp';
import { attendeeOf, rememberChoices } from './choices-cookie';
import { Notice } from '../views/layout';
import { PicketPage } from '../views/picket-page';
import { picketsJson, PicketsEmbedPage } from '../views/pickets-embed';
import { picketDate, picketWhere } from '../lib/picket-text';
import { emptyForm, type FormState } from '../views/sign-form';
import { baseUrl, openCampaign, requireLinkSecret, scheduleDrain } from './context';
import { openCors } from './open-cors';
import { PAGE_VARIANTS, servePublic } from './public-cache';
import { assertNetworkMaySign } from './rate-limit';
import { formBody, type OnInvalidForm, param, refuseForm } from './validation';

/** A picket's public page, its calendar file and "I'll be there" (issue 18). */
const pickets = new Hono<AppEnv>();

const PicketParam = v.object({
  slug: v.string(),
  id: v.pipe(v.string(), v.regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, msg('error.picket.notFound'))),
});

/** The campaign (in the request's language), its targets and the picket; 404 for another campaign's or an unknown picket. */
async function loadPicket(c: Context<AppEnv>, slug: string, key: string) {
  const cached = await cachedCampaign(c.env.DB, slug);
  // A draft is its organisers' alone, pickets included: to everyone else there is no such campaign.
  if (!cached || cached.campaign.status === 'draft') throw new AppError('not_found', 'error.noCampaign');
  const picket = await getPicket(c.env.DB, cached.campaign.id, key);
  if (!picket) throw new AppError('not_found', 'error.picket.notFound');
  const { locale } = c.var.i18n;
  return { campaign: localizeCampaign(cached.campaign, locale), targets: cached.targets, picket: localizePicket(picket, cached.campaign, locale) };
}

async function renderPicket(c: Context<AppEnv>, slug: string, key: string, form: FormState) {
  const { campaign, targets, picket } = await loadPicket(c, slug, key);
  const names = await publicNames(c.env.DB, picket.id);
  const { t, locale } = c.var.i18n;
  const title = t('picket.pageTitle', { where: picketWhere(picket, targets, locale), date: picketDate(picket, locale).date });
  return c.render(<PicketPage campaign={campaign} picket={picket} targets={targets} names={names} open={picketOpen(picket, campaign)} over={picket.endsAt <= Date.now()} form={form} i18n={c.var.i18n} />, {
    title,
    scripts: ['/pickets.js'],
    meta: { description: campaign.summary, image: campaign.settings.image },
  });
}

/** The calendar file (`<picket>.ics`): one event in UTC, its UID stable per picket, SEQUENCE its version. */
async function calendar(c: Context<AppEnv>, slug: string, key: string) {
  const { campaign, targets, picket } = await loadPicket(c, slug, key);
  const { t, locale } = c.var.i18n;
  const where = picketWhere(picket, targets, locale);
  const url = `${baseUrl(c)}/c/${campaign.slug}/pickets/${picket.key}`;
  const body = icsCalendar({
    uid: `picket-${picket.id}@${new URL(baseUrl(c)).host}`,
    stamp: Date.now(), start: picket.startsAt, end: picket.endsAt, sequence: picket.version - 1,
    summary: `${t('picket.one')}: ${campaign.title}`,
    location: [where, picket.meetingPoint].filter(Boolean).join(' — '),
    description: [campaign.title, picket.meetingPoint, url].filter(Boolean).join('\n'),
    url, cancelled: picket.status === 'cancelled',
  });
  return c.body(body, 200, {
    'Content-Type': 'text/calendar; charset=utf-8',
    'Content-Disposition': `attachment; filename="${picket.key}.ics"`,
    'Cache-Control': 'public, max-age=60',
  });
}

// One route for the page and its `.ics` (two would cost Hono its fast router). The page is
// cached like the campaign page: the same for every visitor of a language; the count of those
// coming is seconds old at most.
const ICS = /^([a-z0-9-]+)\.ics$/;
pickets.get('/c/:slug/pickets/:id', (c, next) => {
  const ics = ICS.exec(c.req.param('id'));
  return ics ? calendar(c, c.req.param('slug'), ics[1] ?? '') : next();
}, param(PicketParam, 'error.picket.notFound'), (c) => {
  const { slug, id } = c.req.valid('param');
  const { locale, inUrl } = c.var.i18n;
  return servePublic(
    c,
    async () => {
      c.set('i18n', i18nFor(locale, inUrl, `/c/${slug}/pickets/${id}`));
      const page = await renderPicket(c, slug, id, emptyForm);
      return { body: await page.text(), contentType: 'text/html; charset=UTF-8' };
    },
    // No stale copies: an edit or a cancellation shows within seconds (purgePublic knows only the campaign page).
    { lang: locale, variant: inUrl ? PAGE_VARIANTS[1] : PAGE_VARIANTS[0], browser: 'revalidate' },
  );
});

const rsvpAgain: OnInvalidForm = (c, form) => renderPicket(c, c.req.param('slug') ?? '', c.req.param('id') ?? '', form);

pickets.post('/c/:slug/pickets/:id/rsvp', param(PicketParam, 'error.picket.notFound'), openCampaign, formBody(RsvpInputSchema, rsvpAgain), async (c) => {
  const { slug, id } = c.req.valid('param');
  const { campaign, picket } = await loadPicket(c, slug, id);
  const input = c.req.valid('form');
  try {
    await assertNetworkMaySign(c);
    await rsvp(c.env.DB, campaign, picket, input, { secret: requireLinkSecret(c), locale: c.var.i18n.locale });
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    if (err.code === 'rate_limited') {
      c.header('Retry-After', String(err.retryAfter ?? 60));
      return refuseForm(c, [{ field: '(form)', key: err.key }], rsvpAgain, { status: 429 });
    }
    if (err.code !== 'validation_failed') throw err;
    return refuseForm(c, err.issues, rsvpAgain);
  }
  scheduleDrain(c);
  // "Show my name" is stored by nobody here: this browser's link page starts with it ticked.
  await rememberChoices(c, 'rsvp', attendeeOf(picket.id, input.email), input.show ? ['show'] : []);
  return c.redirect(c.var.i18n.link(`/c/${slug}/pickets/${id}/check-inbox`), 303);
});

/** The same for a new address, one that had answered, a honeypot hit or one over the cap: it names no address. */
pickets.get('/c/:slug/pickets/:id/check-inbox', param(PicketParam, 'error.picket.notFound'), async (c) => {
  const { slug, id } = c.req.valid('param');
  await loadPicket(c, slug, id);
  const { t, link } = c.var.i18n;
  return c.render(
    <Notice heading={t('picket.check.title')}>
      <p>{t('picket.check.text')}</p>
      <p><a href={link(`/c/${slug}/pickets/${id}`)}>{t('picket.back')}</a></p>
    </Notice>,
    { title: t('picket.check.title'), meta: { noindex: true } },
  );
});

/** The upcoming pickets of a campaign (in `lang`): for embeds, read from the cache like the count. */
async function upcoming(c: Context<AppEnv>, slug: string) {
  const cached = await cachedCampaign(c.env.DB, slug);
  if (!cached || cached.campaign.status === 'draft') return null;
  const list = await listPickets(c.env.DB, cached.campaign.id, Date.now());
  const { locale } = c.var.i18n;
  return { campaign: localizeCampaign(cached.campaign, locale), targets: cached.targets, list: list.map((p) => localizePicket(p, cached.campaign, locale)) };
}

// Open to any site, like the count (routes/api.ts): read-only, no cookies.
pickets.use('/api/campaigns/:slug/pickets', openCors({ methods: ['GET'], allowHeaders: ['If-None-Match'], exposeHeaders: ['ETag', 'X-Request-Id'] }));

pickets.get('/api/campaigns/:slug/pickets', (c) =>
  servePublic(c, async () => {
    const found = await upcoming(c, c.req.param('slug'));
    return found && { body: JSON.stringify(picketsJson(found.campaign.slug, found.list, found.targets, c.var.i18n, baseUrl(c))), contentType: 'application/json' };
  }, { lang: c.var.i18n.locale }),
);

pickets.get('/c/:slug/embed/pickets', (c) =>
  servePublic(c, async () => {
    const found = await upcoming(c, c.req.param('slug'));
    if (!found) return null;
    const page = <PicketsEmbedPage slug={found.campaign.slug} title={found.campaign.title} pickets={found.list} targets={found.targets} i18n={c.var.i18n} />;
    return { body: `<!DOCTYPE html>${String(await page)}`, contentType: 'text/html; charset=UTF-8' };
  }, { lang: c.var.i18n.locale }),
);

export default pickets;
