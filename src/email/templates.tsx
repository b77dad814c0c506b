import type { Child } from 'hono/jsx';

/** Subject, plain text and HTML of one email. */
export type MailContent = { subject: string; text: string; html: string };

/** Fills `{name}`-style placeholders; unknown ones are left as written. */
export function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => vars[key] ?? whole);
}

function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text.split(/\n{2,}/).map((para) => (
        <p style="margin:0 0 1em">
          {para.split('\n').map((l, i) => (i === 0 ? l : [<br />, l]))}
        </p>
      ))}
    </>
  );
}

/** Renders a simple, escaped HTML email around paragraphs and an optional button. */
export async function renderHtml(text: string, action?: { label: string; url: string }, footer?: Child): Promise<string> {
  const doc = (
    <html>
      <body style="font-family:system-ui,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a;max-width:36em">
        <Paragraphs text={text} />
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

/** The double opt-in email: nothing is counted or forwarded until its link is used. */
export async function confirmationMail(campaignTitle: string, name: string, url: string): Promise<MailContent> {
  const text = `Hello ${name},\n\nplease confirm your signature for “${campaignTitle}”. Until you do, it is not counted and your message is not sent.\n\nConfirm: ${url}\n\nIf you did not sign, ignore this email: nothing will happen.`;
  return {
    subject: `Please confirm your signature: ${campaignTitle}`.slice(0, 200),
    text,
    html: await renderHtml(
      `Hello ${name},\n\nplease confirm your signature for “${campaignTitle}”. Until you do, it is not counted and your message is not sent.`,
      { label: 'Confirm my signature', url },
      'If you did not sign, ignore this email: nothing will happen.',
    ),
  };
}

/** Sent when someone signs again with an address that has already confirmed. */
export async function alreadySignedMail(campaignTitle: string, name: string, url: string): Promise<MailContent> {
  const body = `Hello ${name},\n\nsomeone — probably you — just signed “${campaignTitle}” again with this address. Your signature was already counted, so nothing has changed.`;
  return {
    subject: `You have already signed: ${campaignTitle}`.slice(0, 200),
    text: `${body}\n\nTo see or withdraw your signature: ${url}`,
    html: await renderHtml(body, { label: 'See or withdraw my signature', url }),
  };
}
