/** English: what the organisers' pages say about reading a big campaign a stretch at a time (issue 25); part of `en`. */
export const enFlatadmin = {
  'admin.spam.stretch': {
    one: 'Looked at: the newest signature here (a flood shows among the newest).',
    other: 'Looked at: the newest {count} signatures from here (a flood shows among the newest; a larger one is marked a stretch at a time).',
  },
  'admin.spam.older': 'Look at the stretch of signatures before these',
  'admin.waitingMore': 'more than {count}',
} as const;
