/** English: the reminder, "this wasn't me" and the organisers' milestone mail (part of `en`). */
export const enCare = {
  'notMe.title': 'Someone else signed with your address?',
  'notMe.text': 'A signature for “{title}” was made with this email address and is waiting to be confirmed. Nothing has been counted or sent in its name.',
  'notMe.what':
    'If it was not you, press the button: we erase this signature (the name, city and message given with it) and send this address no more email about this campaign. After that, this address cannot sign this campaign.',
  'notMe.button': 'This wasn’t me: erase it',
  'notMe.itWasMe': 'It was me: confirm my signature',
  'notMe.done.heading': 'Erased: no more email about this campaign',
  'notMe.done.text': 'The signature made with your address is erased, and “{title}” will send nothing more to it. If someone signs with it again, nothing is stored and nothing is sent.',
  'notMe.done.kept': 'We keep no copy of your address, only a keyed fingerprint of it (a hash that cannot be turned back into the address) to recognise it if it is used again. Sorry for the trouble.',
  'notMe.confirmed.heading': 'This signature is confirmed',
  'notMe.confirmed.text':
    'It was confirmed with the link sent to this address, so it is counted and its message may have been sent. If it was not you, withdraw it: it is then uncounted and its personal data erased.',
  'notMe.confirmed.see': 'See the signature',

  'mail.notMe.intro': 'Someone else used your address? Tell us, and we erase this signature and send you nothing more about this campaign:',
  'mail.notMe.link': 'This wasn’t me',
  'mail.reminder.subject': 'Reminder: please confirm your signature: {title}',
  'mail.reminder.body':
    'two days ago you — or someone using your address — signed “{title}”. The signature is not confirmed yet, so it is not counted and no message has been sent. This is the only reminder we send.',

  'mail.milestone.goalSubject': { one: '“{title}” has reached its goal of {count} signature', other: '“{title}” has reached its goal of {count} signatures' },
  'mail.milestone.subject': { one: '“{title}” has passed {count} signature', other: '“{title}” has passed {count} signatures' },
  'mail.milestone.body': { one: '“{title}” now has {count} confirmed signature.', other: '“{title}” now has {count} confirmed signatures.' },
  'mail.milestone.next': 'The progress bar on the campaign page now aims at {count}.',
  'mail.milestone.link': 'Dashboard: {url}',
  'mail.milestone.button': 'Open the dashboard',
  'mail.milestone.footer':
    'You get this email as an organiser of the campaign: once for its goal and once for each milestone in the campaign file. "milestoneMail": false in the campaign file turns it off.',
};
