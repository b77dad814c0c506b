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
    senderName: tr.mail?.senderName ?? campaign.senderName,
    settings: {
      ...campaign.settings,
      subject: tr.mail?.subject ?? campaign.settings.subject,
      body: tr.mail?.body ?? campaign.settings.body,
      privacy: { ...campaign.settings.privacy, controller: tr.privacy?.controller ?? campaign.settings.privacy.controller },
    },
  };
}

/** What a picket's translation replaces: the words of its place. */
type PicketPlace = { key: string; city: string; place: string; meetingPoint: string };

/**
 * A picket's city, free place and meeting point in `locale`, from the campaign file's
 * `translations.<locale>.pickets.<id>`; each field not translated stays as written.
 */
export function localizePicket<P extends PicketPlace>(picket: P, campaign: Pick<Campaign, 'locale' | 'settings'>, locale: string): P {
  const tr = locale === campaign.locale ? undefined : campaign.settings.translations[locale]?.pickets?.[picket.key];
  if (!tr) return picket;
  return { ...picket, city: tr.city ?? picket.city, place: tr.place ?? picket.place, meetingPoint: tr.meetingPoint ?? picket.meetingPoint };
}
