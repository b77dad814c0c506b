/** Deutsch: große Kampagnen lesen die Seiten der Organisatoren abschnittsweise (Issue 25); wird beim Zusammenführen in `de` übernommen. */
export const deFlatadmin = {
  'admin.spam.stretch': {
    one: 'Angesehen: die neueste Unterschrift (eine Flut zeigt sich unter den neuesten).',
    other: 'Angesehen: die neuesten {count} Unterschriften ab hier (eine Flut zeigt sich unter den neuesten; eine größere wird abschnittsweise markiert).',
  },
  'admin.spam.older': 'Die Unterschriften vor diesen ansehen',
  'admin.waitingMore': 'mehr als {count}',
} as const;
