import type { Campaign } from '../db/campaigns';
import type { Signature } from '../db/signatures';
import { localizeCampaign } from '../db/localize';
import { translator } from '../i18n/index';
import { parseLang } from '../i18n/lang';
import { countryName } from '../lib/countries';
import { fill, renderHtml } from './templates';

const LINE_BREAKS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/**
 * Subject, text and HTML of one forward in `locale`: the campaign's template in that language
 * (field by field, see localizeCampaign) and our footer too; the supporter's own words
 * (name, city, message) stay exactly as written. The campaign's copy is in the campaign's
 * language, the target's in the target's (`locale` in the campaign file) or else the
 * campaign's; which recipients get one is decided when the signature is confirmed
 * (db/signatures.ts confirmStatements).
 */
export async function forwardContent(campaign: Campaign, sig: Signature, locale: string) {
  const lang = parseLang(locale) ?? 'en';
  const local = localizeCampaign(campaign, lang);
  const t = translator(lang);
  const vars = {
    name: sig.name,
    city: sig.city,
    country: countryName(sig.country, lang),
    message: sig.message ?? '',
    campaign: local.title,
  };
  // A message may hold line breaks; in a subject they would be header injection.
  const filled = fill(local.settings.subject, vars).replace(LINE_BREAKS, ' ').trim().slice(0, 200);
  // Resend refuses an empty subject; a template of only {message} can give one.
  const subject = filled || t('mail.forward.subject', { title: local.title }).slice(0, 200);
  const text = fill(local.settings.body, vars);
  const html = await renderHtml(text, undefined, t('mail.forward.footer', { title: local.title }), lang);
  return { subject, text, html };
}
