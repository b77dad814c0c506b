import type { MailContent } from './templates';
import { renderHtml } from './templates';

/** The organiser's one-time sign-in link. */
export async function loginMail(url: string, ttlMinutes: number): Promise<MailContent> {
  const body = `Hello,\n\nuse this link to sign in to the Solidarity dashboard. It works once, within ${ttlMinutes} minutes.`;
  const footer = 'If you did not ask to sign in, ignore this email: nobody can sign in without the link.';
  return {
    subject: 'Your sign-in link for Solidarity',
    text: `${body}\n\nSign in: ${url}\n\n${footer}`,
    html: await renderHtml(body, { label: 'Sign in', url }, footer),
  };
}
