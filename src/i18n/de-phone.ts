/** Deutsch: Grenzen, bevor sie greifen, und das öffentliche Verzeichnis auf dem Telefon (Issue 27; wird beim Zusammenführen in `de` aufgenommen). */
export const dePhone = {
  'ledger.notYet': { one: 'Noch {count} Empfänger: bisher nichts zugestellt', other: 'Noch {count} Empfänger: bisher nichts zugestellt' },
};
