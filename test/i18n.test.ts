import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { getCampaign } from '../src/db/campaigns';
import { localizeCampaign } from '../src/db/localize';
import { CATALOGS, LOCALES, negotiate, translator } from '../src/i18n/index';
import { createCampaign } from './helpers';

describe('translator', () => {
  it('chooses plural forms per language and formats numbers for the locale', () => {
    const ru = translator('ru');
    expect([1, 2, 5, 21, 1000].map((count) => ru('count.signatures', { count }))).toEqual([
      '1 подпись', '2 подписи', '5 подписей', '21 подпись', '1\u00a0000 подписей',
    ]);
    expect(translator('en')('count.signatures', { count: 12345 })).toBe('12,345 signatures');
    expect(translator('kk')('count.signatures', { count: 5 })).toBe('5 қолтаңба');
  });
});

describe('negotiate', () => {
  it('takes the best supported language from Accept-Language', () => {
    expect(negotiate('de-DE,de;q=0.9,ru;q=0.8,en;q=0.5', 'en')).toBe('ru');
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

describe('message catalogs', () => {
  const english = Object.keys(CATALOGS.en).sort();

  it('has exactly the English keys in every language, with the plural forms each language needs', () => {
    for (const locale of LOCALES) {
      const catalog: Record<string, unknown> = CATALOGS[locale];
      expect({ locale, keys: Object.keys(catalog).sort() }).toEqual({ locale, keys: english });
      // The forms whole numbers take in this language (1, 2, 5, 21…): each plural message has them all.
      const rules = new Intl.PluralRules(locale);
      const needed = [...new Set(Array.from({ length: 200 }, (_, n) => rules.select(n)))].sort();
      for (const [key, entry] of Object.entries(catalog)) {
        if (typeof entry === 'string') continue;
        const missing = needed.filter((form) => !Object.hasOwn(Object(entry), form));
        expect({ locale, key, missing }).toEqual({ locale, key, missing: [] });
      }
    }
  });

  it('uses the same placeholders in every language as in English', () => {
    const placeholders = (entry: unknown) => [...new Set(JSON.stringify(entry).match(/\{\w+\}/g) ?? [])].sort();
    for (const locale of LOCALES) {
      const catalog: Record<string, unknown> = CATALOGS[locale];
      for (const key of english) {
        const en: Record<string, unknown> = CATALOGS.en;
        expect({ locale, key, vars: placeholders(catalog[key]) }).toEqual({ locale, key, vars: placeholders(en[key]) });
      }
    }
  });

  it('has no unused key: every key appears in the sources outside the catalogs', () => {
    const sources = import.meta.glob(['../src/**/*.{ts,tsx}', '!../src/i18n/{en,ru,kk}*.ts'], { query: '?raw', import: 'default', eager: true });
    const text = Object.values(sources).filter((s): s is string => typeof s === 'string').join('\n');
    expect(Object.keys(sources).length).toBeGreaterThan(50);
    const unused = english.filter((key) => !text.includes(`'${key}'`));
    expect(unused).toEqual([]);
  });
});
