/** What the receiving side said of a message's sender: SPF, DKIM and DMARC results. */
export type Verdicts = { spf: string; dkim: string; dmarc: string };

const RESULT = /^(pass|fail|softfail|neutral|none|temperror|permerror|policy)$/;

/**
 * SPF, DKIM and DMARC results from the `Authentication-Results` header the receiving server
 * (Cloudflare Email Routing) adds, e.g. `mx.cloudflare.net; dkim=pass header.d=…; spf=pass …;
 * dmarc=pass …`. Only the first header counts: it is the one our side added on top; any
 * below it came with the message and prove nothing. A method it does not name is `none`.
 */
export function verdictsOf(authenticationResults: string | null): Verdicts {
  const verdicts: Verdicts = { spf: 'none', dkim: 'none', dmarc: 'none' };
  if (!authenticationResults) return verdicts;
  for (const part of authenticationResults.split(';').slice(1)) {
    const m = /^\s*(spf|dkim|dmarc)\s*=\s*([a-z]+)/i.exec(part);
    const method = m?.[1]?.toLowerCase();
    const result = m?.[2]?.toLowerCase() ?? '';
    if ((method === 'spf' || method === 'dkim' || method === 'dmarc') && RESULT.test(result) && verdicts[method] !== 'pass') {
      verdicts[method] = result;
    }
  }
  return verdicts;
}

// \b only knows ASCII letters: the Cyrillic words are matched without it.
const AUTO_SUBJECT = /\b(out of (the )?office|automatic reply|auto[- ]?reply|autoreply|abwesenheit|abwesenheitsnotiz|absence|r[ée]ponse automatique)\b|автоответ|автоматический ответ|нет на месте|в отпуске/i;

/**
 * Whether a message looks sent by a machine, not written: `Auto-Submitted` other than `no`
 * (RFC 3834), the auto-reply headers of common servers, bulk precedence, or an out-of-office
 * subject (in the languages embassies answer in).
 */
export function looksAutomatic(header: (name: string) => string | null, subject: string): boolean {
  const auto = header('auto-submitted');
  if (auto && auto.trim().toLowerCase() !== 'no') return true;
  if (header('x-autoreply') || header('x-autorespond')) return true;
  if (/^(bulk|junk|list|auto_reply)$/i.test(header('precedence')?.trim() ?? '')) return true;
  return AUTO_SUBJECT.test(subject);
}
