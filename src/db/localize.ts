import type { Campaign } from './campaigns';

/**
 * The campaign's text in `locale`, field by field: a translated field replaces the
 * main one, a missing field keeps the campaign's main language.
 */
export function localizeCampaign(campaign: Campaign, locale: string): Campaign {
  const tr = campaign.settings.translations[locale];
  if (!tr || locale === campaign.locale) return campaign;
  return {
    ...campaign,
    title: tr.title ?? campaign.title,
    summary: tr.summary ?? campaign.summary,
    body: tr.body ?? campaign.body,
    demands: tr.demands ?? campaign.demands,
    settings: {
      ...campaign.settings,
      subject: tr.mail?.subject ?? campaign.settings.subject,
      body: tr.mail?.body ?? campaign.settings.body,
    },
  };
}
