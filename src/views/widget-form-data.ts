import type { Target } from '../db/campaigns';
import type { Locale, Translate } from '../i18n/index';
import { countryOptions } from '../lib/countries';
import { targetName } from '../lib/target-name';

/**
 * The message's limit, as `SignatureInputSchema` holds it (src/schemas/signature.ts;
 * test/widget-form-api.test.ts checks the two agree): the widget counts down to it and
 * refuses past it with the API's own message, never cutting the text.
 */
export const WIDGET_MESSAGE_MAX = 2000;

/**
 * What the widget's signing form (src/widget/form.ts) needs and the count does not carry:
 * its words in one language and the targets to choose from, named in that language (the
 * browser groups them by country and sorts them with its own Intl data, as it does the
 * countries). Served by GET /api/campaigns/:slug/form, loaded only by `data-variant="full"`.
 * Placeholders the browser fills (`{count}`, `{privacy}`) are kept in the words.
 */
export function widgetFormData(targets: readonly Target[], t: Translate, locale: Locale) {
  return {
    lang: locale,
    max: WIDGET_MESSAGE_MAX,
    labels: {
      name: t('form.name'),
      email: t('form.email'),
      country: t('form.country'),
      city: t('form.city'),
      message: t('form.message'),
      optional: t('form.optional'),
      target: t('form.target'),
      choose: t('form.choose'),
      noTarget: t('form.noTarget'),
      recipients: t('form.recipients'),
      consent: t('form.consent'),
      privacy: t('form.privacyLink'),
      sign: t('form.submit'),
      correct: t('form.correct'),
      left: t('widget.left', { count: '{count}' }),
      over: t('widget.over', { count: '{count}' }),
      long: t('error.message.long', { max: WIDGET_MESSAGE_MAX }),
      sent: t('form.checkInbox'),
      failed: t('form.failed'),
      offline: t('form.offline'),
    },
    // Named and sorted as the campaign page's form has them (the browser lacks Kazakh names).
    countries: countryOptions(locale),
    targets: targets.map((x) => ({ id: x.id, name: targetName(x, locale), country: x.country })),
  };
}
