import type { enConsent } from './en-consent';

/** Kazakh: the choices a supporter makes where they confirm, and what each recipient gets (part of `kk`). */
export const kkConsent = {
  'error.target.required': 'Елшілікті немесе «Елшілікке емес» нұсқасын таңдаңыз',
  'form.recipients':
    'Сіз таңдаған елшілік атыңызды, қалаңызды, еліңізді және хатыңызды алады, ал электрондық пошта мекенжайыңызды сізге жауап беруге рұқсат етсеңіз ғана алады; науқан ұйымдастырушылары осының бәрін және электрондық пошта мекенжайыңызды алады.',
  'form.suggest': '«{country}» еліне ұсыныс: {target}.',
  'form.suggestChoose': 'Таңдау',
  'confirm.intro': 'Әзірге ештеңе жіберілген жоқ. Сіздің атыңыздан мынау жіберіліп, көрсетіледі: тексеріп, қалағаныңызды өзгертіңіз де, растаңыз.',
  'confirm.privacy': 'Құпиялылық туралы хабарлама',
  'confirm.boxes': 'Белгі мұнда осы браузерде қол қойғанда оны өзіңіз қойған болсаңыз ғана тұр.',
  'picket.confirm.review': 'Растамас бұрын жауабыңызды тексеріңіз: атыңыз пикет бетінде белгі қойсаңыз ғана көрсетіледі.',
} satisfies Record<keyof typeof enConsent, string>;
