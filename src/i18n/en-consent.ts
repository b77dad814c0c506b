/** English: the choices a supporter makes where they confirm, and what each recipient gets (part of `en`). */
export const enConsent = {
  'error.target.required': 'Choose an embassy, or “No embassy”',
  'form.recipients':
    'The embassy you choose receives your name, city, country and message, and your email address only if you allow replies; the campaign’s organisers receive all of these and your email address.',
  'form.suggest': 'Suggested for {country}: {target}.',
  'form.suggestChoose': 'Choose it',
  'confirm.intro': 'Nothing has been sent yet. This is what will be sent and shown in your name: check it, change what you like, then confirm.',
  'confirm.privacy': 'Privacy notice',
  'confirm.boxes': 'A box is ticked here only if you ticked it when you signed in this browser.',
  'picket.confirm.review': 'Check your answer before you confirm: your name is shown on the picket’s page only if you tick the box.',
};
