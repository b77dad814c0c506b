-- One inbox per address except where the provider is known to fold (issue 24.4). Until now
-- `+tag` was dropped on every domain, so a stranger signing `dave+x@example.org` spent
-- `dave@example.org`'s mail cap and stood in for them. Now only Gmail (dots and `+tag`) and
-- a short list of providers with plus addressing fold (src/lib/inbox.ts, FOLDING_DOMAINS,
-- the same list as below); every other stored inbox becomes its address as stored.
-- Emails are stored lower-case ASCII (a CHECK and the schema), so `inbox = email` is what
-- canonicalInbox() now gives them. No UNIQUE (…, inbox) can clash: the old inbox was a
-- coarser function of the same address, so rows that were apart stay apart.
-- Suppressions ("this wasn't me") hold only a keyed hash and cannot be recomputed: one made
-- before keeps covering the address it was folded to (`dave@` for `dave+x@`).
UPDATE signatures SET inbox = email
WHERE email IS NOT NULL AND inbox IS NOT NULL AND inbox <> email
  AND substr(email, instr(email, '@') + 1) NOT IN ('gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'icloud.com', 'me.com', 'mac.com', 'fastmail.com', 'fastmail.fm', 'proton.me', 'protonmail.com', 'pm.me', 'yandex.ru', 'yandex.com', 'ya.ru');

UPDATE picket_attendees SET inbox = email
WHERE email IS NOT NULL AND inbox IS NOT NULL AND inbox <> email
  AND substr(email, instr(email, '@') + 1) NOT IN ('gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'icloud.com', 'me.com', 'mac.com', 'fastmail.com', 'fastmail.fm', 'proton.me', 'protonmail.com', 'pm.me', 'yandex.ru', 'yandex.com', 'ya.ru');
