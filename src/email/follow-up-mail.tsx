import type { Campaign } from '../db/campaigns';
import type { FollowUpLetter } from '../db/follow-ups';
import { localizeCampaign } from '../db/localize';
import { translator } from '../i18n/index';
import { parseLang } from '../i18n/lang';
import { targetName } from '../lib/target-name';
import { renderHtml } from './templates';

/**
 * The campaign's short letter to a target that has not answered: how many messages reached
 * it, since when, and where anyone can check them. It quotes no supporter and names none.
 */
export async function followUpLetter(
  campaign: Campaign, target: { name: string; names: Record<string, string>; locale: string | null }, delivered: number, since: string, ledgerUrl: string,
): Promise<FollowUpLetter> {
  const lang = parseLang(target.locale ?? campaign.locale) ?? 'en';
  const t = translator(lang);
  const vars = { target: targetName(target, lang), title: localizeCampaign(campaign, lang).title, count: delivered, since, url: ledgerUrl, sender: campaign.senderName };
  const text = t('followUp.body', vars);
  return {
    subject: t('followUp.subject', vars).replace(/[\r\n]+/g, ' ').slice(0, 200),
    text,
    html: await renderHtml(text, { label: t('followUp.ledger'), url: ledgerUrl }, undefined, lang),
  };
}
