import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { getCampaign } from '../src/db/campaigns';
import { localizeCampaign } from '../src/db/localize';
import { formatMessage, MessageSyntaxError, parseMessage } from '../src/i18n/icu';
import { LOCALES, negotiate, translator } from '../src/i18n/index';
import { catalogueProblems, type Messages } from './i18n-check';
import { createCampaign } from './helpers';

describe('translator', () => {
  it('chooses plural forms per language and formats numbers for the locale', () => {
    const ru = translator('ru');
    expect([1, 2, 5, 21, 1000].map((count) => ru('count.signatures', { count }))).toEqual([
      '1 подпись', '2 подписи', '5 подписей', '21 подпись', '1\u00a0000 подписей',
    ]);
    expect(translator('en')('count.signatures', { count: 12345 })).toBe('12,345 signatures');
    expect(translator('kk')('count.signatures', { count: 5 })).toBe('5 қолтаңба');
    expect([1, 2, 12345].map((count) => translator('de')('count.signatures', { count }))).toEqual(['1 Unterschrift', '2 Unterschriften', '12.345 Unterschriften']);
  });
});

describe('ICU messages', () => {
  const formats = { plural: new Intl.PluralRules('ru'), number: new Intl.NumberFormat('ru') };
  const format = (text: string, vars: Record<string, string | number> = {}) => formatMessage(parseMessage(text), vars, formats);

  it('reads the subset the message files use: arguments, plural with # and =n, select, nesting, quoting', () => {
    const people = '{count, plural, =0 {никого в {city}} one {# человек в {city}} few {# человека} many {# человек} other {# человека}}';
    expect([0, 1, 3, 5, 1.5, 2000].map((count) => format(people, { count, city: 'Берлине' }))).toEqual([
      'никого в Берлине', '1 человек в Берлине', '3 человека', '5 человек', '1,5 человека', '2\u00a0000 человек',
    ]);
    expect(format("{kind, select, picket {Пикет {count, plural, one {# день} other {# дня}}} other {'{'кампания'}'}}", { kind: 'picket', count: 2 })).toBe('Пикет 2 дня');
    expect(format("{kind, select, picket {x} other {'{'кампания'}' #{n} it''s}}", { kind: 'other', n: 7 })).toBe('{кампания} #7 it\'s');
    expect(format("{count, plural, one {'#'{id}: # попытка} other {'#'{id}: # попытки}}", { count: 2, id: 'a1' })).toBe('#a1: 2 попытки');
    // A missing value: its placeholder stays, a plural takes `other`.
    expect(format('{count, plural, one {# день} other {# дня}} {name}')).toBe('{count} дня {name}');
  });

  it('refuses what it does not read, saying where', () => {
    for (const bad of ['{count, plural, one {#}}', '{count, plural, une {#} other {#}}', '{n, number}', '{count, plural, one {#} other {#}', 'a } b', '{}', '{count, plural, one {#} one {#} other {#}}']) {
      expect(() => parseMessage(bad), bad).toThrow(MessageSyntaxError);
    }
  });
});

describe('negotiate', () => {
  it('takes the best supported language from Accept-Language', () => {
    expect(negotiate('fr-FR,fr;q=0.9,ru;q=0.8,en;q=0.5', 'en')).toBe('ru');
    expect(negotiate('de-AT,de;q=0.9,en;q=0.5', 'en')).toBe('de');
    expect(negotiate('gsw-CH, de-CH;q=0.8', 'en')).toBe('de');
    expect(negotiate('kk-KZ', 'en')).toBe('kk');
    expect(negotiate('fr', 'ru')).toBe('ru');
    expect(negotiate(undefined, 'en')).toBe('en');
    expect(negotiate('ru;q=0, en', 'kk')).toBe('en');
  });
});

describe('campaign content per language', () => {
  it('replaces translated fields and falls back field by field', async () => {
    const file = await createCampaign({ translations: { ru: { title: 'Заголовок', mail: { subject: 'Тема {name}' } } } });
    const campaign = await getCampaign(env.DB, file.slug);
    if (!campaign) throw new Error('campaign not stored');
    const ru = localizeCampaign(campaign, 'ru');
    expect(ru.title).toBe('Заголовок');
    expect(ru.summary).toBe(file.summary);
    expect(ru.settings.subject).toBe('Тема {name}');
    expect(ru.settings.body).toBe(file.mail.body);
    expect(localizeCampaign(campaign, 'kk')).toBe(campaign);
  });
});

describe('message files', () => {
  const files = import.meta.glob('../src/i18n/messages/*.json', { import: 'default', eager: true }) as Record<string, Messages>;
  const languages = Object.fromEntries(Object.entries(files).map(([file, messages]) => [/(\w+)\.json$/.exec(file)?.[1] ?? file, messages]));

  it('has one file per interface language, and the interface offers every file', () => {
    expect(Object.keys(languages).sort()).toEqual([...LOCALES].sort());
  });

  it('has, in every language, exactly the English keys in ICU with English placeholders and the plural forms the language needs; no key is unused', () => {
    const sources = import.meta.glob(['../src/**/*.{ts,tsx}'], { query: '?raw', import: 'default', eager: true });
    expect(Object.keys(sources).length).toBeGreaterThan(50);
    const text = Object.values(sources).filter((s): s is string => typeof s === 'string').join('\n');
    expect(catalogueProblems(languages, text)).toEqual([]);
  });

  it('fails on a broken language file (test/fixtures/i18n): each kind of fault is named', () => {
    const broken = import.meta.glob('./fixtures/i18n/*.json', { import: 'default', eager: true }) as Record<string, Messages>;
    const fixture = Object.fromEntries(Object.entries(broken).map(([file, messages]) => [/(\w+)\.json$/.exec(file)?.[1] ?? file, messages]));
    const [source] = Object.values(import.meta.glob('./fixtures/i18n/source.ts.txt', { query: '?raw', import: 'default', eager: true }));
    expect(catalogueProblems(fixture, String(source)).sort()).toEqual(FIXTURE_PROBLEMS.sort());
  });
});

/** What the check finds in test/fixtures/i18n: one line per fault planted there. */
const FIXTURE_PROBLEMS = [
  'de count.signatures: the plural of {count} lacks one',
  'de form.heading: expected an argument name at 20 in "Unterschreiben Sie {"',
  'de form.headng: not an English key',
  'de home.empty: missing',
  'de picket.where: placeholders {count, stadt}, English has {city, count}',
  'ru count.signatures: the plural of {count} lacks few, many',
  'ru count.signatures: the plural of {count} has two, which ru never uses',
  'ru picket.where: unclosed { at 101 in "В городе {city}: {count, plural, one {# человек} few {# человека} many {# человек} other {# человека}"',
  'en picket.status.open: unused (named nowhere in src/)',
  'en picket.where: unused (named nowhere in src/)',
];
