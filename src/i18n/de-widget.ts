/**
 * Deutsch: das Unterschriftsformular des Widgets, sein Schnipsel und der Dank, der weiterführt
 * (Issue 27). Noch nicht eingebunden: wird beim Zusammenführen in den deutschen Katalog übernommen.
 */
export const deWidget = {
  'embed.form': 'Live-Widget mit Unterschriftsformular (Skript): der Zähler, die Nachricht und die Wahl der Botschaft',
  'widget.left': 'Verbleibende Zeichen: {count}',
  'widget.over': 'Zeichen über der Grenze: {count}',
  'thanks.oneOf': { one: 'Sie sind eine oder einer von {count} Unterstützenden.', other: 'Sie sind eine oder einer von {count} Unterstützenden.' },
  'thanks.nextHeading': 'Als Nächstes: die Mahnwache in Ihrer Nähe',
  'thanks.picketLead': 'Unterstützende treffen sich vor Ort. Kommen Sie dazu:',
  'thanks.picketZone': 'Ortszeit ({zone})',
  'thanks.noPicket': 'In Ihrer Nähe ist noch keine Mahnwache geplant. Am meisten hilft jetzt, die Kampagne weiterzugeben, damit mehr Proteste die Botschaften erreichen.',
  'mail.receipt.picket': 'Als Nächstes: die Mahnwache in Ihrer Nähe, {where}, {when} Ortszeit ({zone}). Sagen Sie zu: {url}',
};
