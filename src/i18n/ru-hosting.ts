import type { Catalog } from './en';
import type { enHosting } from './en-hosting';

/** Русский: где работает приложение и чего это стоит (панель организатора), часть `ru`. */
export const ruHosting: Pick<Catalog, keyof typeof enHosting> = {
  'hosting.cacheOff.heading': 'На этом адресе кэш страниц не работает',
  'hosting.cacheOff.why':
    'Эта панель открыта с адреса {host}. На адресах *.workers.dev кэш Cloudflare (Cache API) ничего не хранит, поэтому страница кампании, счётчик и стена посланий не раздаются посетителям из кэша Cloudflare. Приложение при этом работает:',
  'hosting.cacheOff.builds':
    'каждая копия Worker сама собирает каждую публичную страницу и счётчик, не чаще раза в {seconds} секунд (несколько чтений из базы и несколько миллисекунд процессора каждый раз), а не один раз на площадку Cloudflare;',
  'hosting.cacheOff.purge': 'скрытое вами послание может оставаться на странице до {stale} секунд в других копиях Worker;',
  'hosting.cacheOff.requests': 'каждый просмотр страницы и каждое обновление счётчика — запрос к Worker в любом случае: на Workers Free у всего аккаунта {requests} запросов в сутки.',
  'hosting.cacheOff.fix': 'Чтобы включить кэш, подключите Worker к своему домену: шаги описаны в {doc} в исходном коде приложения (раздел «Custom domain») и в {link}.',
  'hosting.cacheOff.linkText': 'руководстве Cloudflare по своим доменам',
};
