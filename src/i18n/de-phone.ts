/** Deutsch: Grenzen, bevor sie greifen, und das öffentliche Verzeichnis auf dem Telefon (Issue 27; wird beim Zusammenführen in `de` aufgenommen). */
export const dePhone = {
  'form.messageLimit': 'Sie können bis zu {max} Zeichen schreiben.',
  'form.charsLeft': { one: 'Noch {count} Zeichen', other: 'Noch {count} Zeichen' },
  'form.charsOver': { one: '{count} Zeichen zu viel', other: '{count} Zeichen zu viel' },
  'ledger.notYet': { one: 'Noch {count} Empfänger: bisher nichts zugestellt', other: 'Noch {count} Empfänger: bisher nichts zugestellt' },
};
