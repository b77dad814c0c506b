import type { Catalog } from './en';
import type { enHosting } from './en-hosting';

/** Қазақша: қолданба қайда жұмыс істейді және оның құны (ұйымдастырушы панелі), `kk` бөлігі. */
export const kkHosting: Pick<Catalog, keyof typeof enHosting> = {
  'hosting.cacheOff.heading': 'Бұл мекенжайда беттер кэші өшірулі',
  'hosting.cacheOff.why':
    'Бұл панель {host} мекенжайынан ашылған. *.workers.dev мекенжайларында Cloudflare кэші (Cache API) ештеңе сақтамайды, сондықтан науқан беті, есептегіш және хаттар қабырғасы келушілерге Cloudflare кэшінен берілмейді. Қолданба бәрібір жұмыс істейді:',
  'hosting.cacheOff.builds':
    'Worker-дің әр көшірмесі әр ашық бет пен есептегішті өзі жинайды, {seconds} секундта бір реттен жиі емес (әр жолы дерекқордан бірнеше оқу және бірнеше миллисекунд процессор уақыты), Cloudflare алаңына бір рет емес;',
  'hosting.cacheOff.purge': 'сіз жасырған хат Worker-дің басқа көшірмелерінде бетте {stale} секундқа дейін қалуы мүмкін;',
  'hosting.cacheOff.requests': 'беттің әр қаралуы мен әр жаңартуы бәрібір Worker-ге сұрау: Workers Free жоспарында бүкіл аккаунтқа тәулігіне {requests} сұрау.',
  'hosting.cacheOff.fix': 'Кэшті қосу үшін Worker-ді өз доменіңізге қосыңыз: қадамдар қолданбаның бастапқы кодындағы {doc} файлында («Custom domain» бөлімі) және {link} берілген.',
  'hosting.cacheOff.linkText': 'Cloudflare-дің өз домендер жөніндегі нұсқаулығында',
};
