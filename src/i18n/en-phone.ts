/** English: limits said before they bite, and the public ledger on a phone (issue 27; part of `en`). */
export const enPhone = {
  'ledger.notYet': { one: '{count} more recipient: nothing delivered yet', other: '{count} more recipients: nothing delivered yet' },
};
