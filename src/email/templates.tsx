import type { Child } from 'hono/jsx';
import type { Translate } from '../i18n/index';

/** Subject, plain text and HTML of one email, and any headers it needs (an update's List-Unsubscribe). */
/** `replyTo`: addresses replies should also reach (a forward's campaign reply address), besides the row's own. `fromName`: the sender's name in the reader's language, instead of the row's. */
export type MailContent = { subject: string; text: string; html: string; headers?: Record<string, string>; replyTo?: string[]; fromName?: string };

/** Fills `{name}`-style placeholders; unknown ones are left as written. */
export function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => vars[key] ?? whole);
}

/** Each paragraph in its own direction: a supporter's Arabic or Hebrew message reads right to left. */
function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text.split(/\n{2,}/).map((para) => (
        <p style="margin:0 0 1em" dir="auto">
          {para.split('\n').map((l, i) => (i === 0 ? l : [<br />, l]))}
        </p>
      ))}
    </>
  );
}

/** A mail's text: paragraphs in the mail's language, or a quote in its own (a letter as it was sent). */
export type MailText = string | { quote: string; lang: string };

/** Renders a simple, escaped HTML email around paragraphs and an optional button. */
export async function renderHtml(text: string | MailText[], action?: { label: string; url: string }, footer?: Child, lang = 'en'): Promise<string> {
  const parts = typeof text === 'string' ? [text] : text;
  const doc = (
    <html lang={lang}>
      <body style="font-family:system-ui,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a;max-width:36em">
        {parts.map((p) =>
          typeof p === 'string' ? (
            <Paragraphs text={p} />
          ) : (
            <blockquote lang={p.lang} style="margin:0 0 1em;padding-inline-start:1em;border-inline-start:3px solid #ccc">
              <Paragraphs text={p.quote} />
            </blockquote>
          ),
        )}
        {action && (
          <p>
            <a href={action.url} style="display:inline-block;background:#b3261e;color:#fff;padding:.6em 1.2em;border-radius:4px;text-decoration:none">
              {action.label}
            </a>
          </p>
        )}
        {footer && <p style="color:#555;font-size:13px">{footer}</p>}
      </body>
    </html>
  );
  return `<!doctype html>${await doc.toString()}`;
}

/**
 * The foot of a mail asking to confirm (confirmation, reminder): ignore it, or say "this
 * wasn't me" (`notMeUrl`, a page whose button erases the signature and stops the mail).
 */
export function notMeFooter(t: Translate, notMeUrl: string): { text: string; html: Child } {
  const ignore = t('mail.confirm.ignore');
  return {
    text: `${ignore}\n\n${t('mail.notMe.intro')} ${notMeUrl}`,
    html: (
      <>
        {ignore}
        <br />
        {t('mail.notMe.intro')} <a href={notMeUrl}>{t('mail.notMe.link')}</a>
      </>
    ),
  };
}

/** The double opt-in email, in the supporter's language: nothing is counted or forwarded until its link is used. */
export async function confirmationMail(campaignTitle: string, name: string, url: string, t: Translate, lang: string, notMeUrl: string): Promise<MailContent> {
  const body = `${t('mail.hello', { name })}\n\n${t('mail.confirm.body', { title: campaignTitle })}`;
  const footer = notMeFooter(t, notMeUrl);
  return {
    subject: t('mail.confirm.subject', { title: campaignTitle }).slice(0, 200),
    text: `${body}\n\n${t('mail.confirm.link', { url })}\n\n${footer.text}`,
    html: await renderHtml(body, { label: t('confirm.button'), url }, footer.html, lang),
  };
}

/** Sent, in the supporter's language, when someone signs again with an address that has already confirmed. */
export async function alreadySignedMail(campaignTitle: string, name: string, url: string, t: Translate, lang: string): Promise<MailContent> {
  const body = `${t('mail.hello', { name })}\n\n${t('mail.already.body', { title: campaignTitle })}`;
  return {
    subject: t('mail.already.subject', { title: campaignTitle }).slice(0, 200),
    text: `${body}\n\n${t('mail.already.link', { url })}`,
    html: await renderHtml(body, { label: t('mail.already.button'), url }, undefined, lang),
  };
}
