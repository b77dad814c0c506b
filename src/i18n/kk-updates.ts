import type { Catalog } from './en';
import type { enUpdates } from './en-updates';

/** Қазақша: жақтастарға жаңалықтар және бір басумен жазылымнан шығу (`kk` бөлігі). */
export const kkUpdates: Pick<Catalog, keyof typeof enUpdates> = {
  'form.updates': 'Осы науқанның жаңалықтарын маған хабарлап тұрыңыз: ұйымдастырушылар маған ол туралы хат жаза алады, әр хатта бір басумен жазылымнан шығуға болады.',

  'updates.mail.footer': 'Бұл хатты «{title}» қолдап, жаңалықтарын сұрағаныңыз үшін алдыңыз.',
  'updates.mail.unsubscribe': 'Бір басумен жазылымнан шығу: {url}',
  'updates.mail.unsubscribeLink': 'Жазылымнан шығу',
  'updates.mail.testSubject': '[Сынақ] {subject}',
  'updates.mail.testNote': 'Бұл — басқару тақтасында жазылған жаңалықтың сынақ хаты; оны басқа ешкім алған жоқ. Әр жақтастың хатының соңында оның өз бір басумен шығу сілтемесі болады.',

  'unsubscribe.title': 'Жаңалықтардан бас тарту',
  'unsubscribe.lead': 'Сіз «{title}» қолдап, жаңалықтарын сұрадыңыз. Батырманы басыңыз, ұйымдастырушылар сізге бұдан былай жаңалық жібермейді. Қолыңыз есепте қалады.',
  'unsubscribe.button': 'Жазылымнан шығу',
  'unsubscribe.doneTitle': 'Сіз жазылымнан шықтыңыз',
  'unsubscribe.done': '«{title}» туралы жаңалықтар енді келмейді. Қолыңыз есепте қалады.',
  'unsubscribe.back': 'Науқанға оралу',
  'error.unsubscribe.link': 'Бұл шығу сілтемесі жарамсыз. Хаттағы сілтемені дәл сол күйінде ашыңыз.',
  'error.unsubscribe.body': 'Бұл сұрау жазылымнан шығуды сұрамайды: онда List-Unsubscribe=One-Click болуы керек.',

  'admin.updates.heading': 'Жақтастарға жаңалықтар',
  'admin.updates.hint': {
    one: 'Жаңалық жаңалық сұрап, жазылымнан шықпаған {count} расталған жақтасқа өз тілінде (аударма болмаса — негізгі тілде), бір басумен шығу сілтемесімен жіберіледі.',
    other: 'Жаңалық жаңалық сұрап, жазылымнан шықпаған {count} расталған жақтасқа әрқайсысына өз тілінде (аударма болмаса — негізгі тілде), минутына мыңға жуық, әрқайсысы бір басумен шығу сілтемесімен жіберіледі.',
  },
  'admin.updates.subject': 'Тақырып',
  'admin.updates.body': 'Мәтін',
  'admin.updates.translation': 'Аударма: {language} (міндетті емес)',
  'admin.updates.preview': 'Алдын ала қарау',
  'admin.updates.test': 'Сынақты маған жіберу',
  'admin.updates.send': { one: '{count} жақтасқа жіберу', other: '{count} жақтасқа жіберу' },
  'admin.updates.previewHeading': 'Алдын ала қарау: {language}',
  'admin.updates.testSent': 'Жазылған әр тілдегі сынақ {email} адресіне жіберілді.',
  'admin.updates.sent': 'Жаңалық жіберілуде.',
  'admin.updates.empty': 'Әлі жаңалық жіберілген жоқ.',
  'admin.updates.listCaption': 'Жіберілген жаңалықтар және олардың хаттарының күйі',
  'admin.updates.col.update': 'Жаңалық',
  'admin.updates.col.recipients': 'Алушылар',
  'admin.updates.col.waiting': 'Күтуде',
  'admin.updates.col.sent': 'Жіберілді',
  'admin.updates.col.delivered': 'Жеткізілді',
  'admin.updates.col.bounced': 'Қайтарылды',
  'admin.updates.col.failed': 'Жіберілмеді',
  'admin.updates.queuing': 'әлі кезекке қойылуда',
  'admin.updates.by': '{time}, {author}',

  'error.update.subject.required': 'Тақырыпты енгізіңіз.',
  'error.update.subject.text': 'Тақырып мәтін болуы керек.',
  'error.update.subject.control': 'Тақырып басқару таңбаларынсыз бір жол болуы керек.',
  'error.update.subject.long': 'Тақырып {max} таңбадан аспауы керек.',
  'error.update.body.required': 'Жаңалықтың мәтінін енгізіңіз.',
  'error.update.body.text': 'Мәтін мәтін болуы керек.',
  'error.update.body.control': 'Мәтінде басқару таңбалары болмауы керек.',
  'error.update.body.long': 'Мәтін {max} таңбадан аспауы керек.',
  'error.update.language': 'Аудармалар науқанның өз тілінен басқа интерфейс тілдеріне арналған.',
  'error.update.translation': 'Аудармаға тақырып та, мәтін де керек.',
};
