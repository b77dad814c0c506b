import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { getCampaign } from '../src/db/campaigns';
import { localizeCampaign } from '../src/i18n/campaign';
import { negotiate, translator } from '../src/i18n/index';
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
