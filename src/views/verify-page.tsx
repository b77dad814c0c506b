import type { MessageKey } from '../i18n/index';
import type { I18n } from '../i18n/lang';

/** Words the browser check (src/widget/verify.ts) shows, in the page's language. */
const SCRIPT_MESSAGES = {
  checking: 'verify.checking',
  notIncluded: 'verify.notIncluded',
  leafOk: 'verify.leafOk',
  leafBad: 'verify.leafBad',
  textOk: 'verify.textOk',
  textBad: 'verify.textBad',
  pathOk: 'verify.pathOk',
  pathBad: 'verify.pathBad',
  rootOk: 'verify.rootOk',
  rootBad: 'verify.rootBad',
  proved: 'verify.proved',
  provedNoText: 'verify.provedNoText',
  failed: 'verify.failed',
  error: 'verify.error',
} as const satisfies Record<string, MessageKey>;

/**
 * Checks a receipt in the browser: the receipt's proof from the API against the root the
 * public ledger publishes for its day (script: /verify.js). Works from a link with
 * `?receipt=`; without JavaScript it says where the data is.
 */
export function VerifyPage({ slug, receipt, i18n }: { slug: string; receipt: string; i18n: I18n }) {
  const { t, link } = i18n;
  const words = Object.fromEntries(Object.entries(SCRIPT_MESSAGES).map(([k, key]) => [`data-msg-${k.toLowerCase()}`, t(key)]));
  return (
    <section class="verify-page">
      <p><a href={link(`/c/${slug}/deliveries`)}>{t('verify.back')}</a></p>
      <h1>{t('verify.heading')}</h1>
      <p>{t('verify.intro')}</p>
      <form method="get" action={`/c/${slug}/deliveries/verify`} data-verify={slug}>
        {i18n.inUrl && <input type="hidden" name="lang" value={i18n.locale} />}
        <p>
          <label for="receipt">{t('verify.receipt')}</label>
          <input type="text" id="receipt" name="receipt" value={receipt} required pattern="[0-9a-f]{32}" maxlength={32} autocomplete="off" spellcheck={false} />
        </p>
        {/* No name: the text never goes into a URL; only the script reads it, in the browser. */}
        <p>
          <label for="text">{t('verify.text')}</label>
          <textarea id="text" rows={6} aria-describedby="text-hint"></textarea>
          <span id="text-hint" class="hint">{t('verify.textHint')}</span>
        </p>
        <p><button type="submit">{t('verify.button')}</button></p>
      </form>
      <div class="verify-result" data-verify-result aria-live="polite" {...words}></div>
      <noscript>
        <p>{t('verify.noScript', { url: receipt ? `/api/campaigns/${slug}/receipts/${receipt}` : `/api/campaigns/${slug}/receipts/…` })}</p>
      </noscript>
      <h2>{t('verify.whatHeading')}</h2>
      <p>{t('ledger.proves')}</p>
      <p>{t('ledger.notProves')}</p>
    </section>
  );
}
