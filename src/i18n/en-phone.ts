/** English: limits said before they bite, and the public ledger on a phone (issue 27; part of `en`). */
export const enPhone = {
  'form.messageLimit': 'You can write up to {max} characters.',
  'form.charsLeft': { one: '{count} character left', other: '{count} characters left' },
  'form.charsOver': { one: '{count} character too many', other: '{count} characters too many' },
  'ledger.notYet': { one: '{count} more recipient: nothing delivered yet', other: '{count} more recipients: nothing delivered yet' },
};
