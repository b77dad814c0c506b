/**
 * The campaign file `npm run campaign -- new <slug>` writes: plain JSON, every required
 * field and the common optional ones, `example.org` addresses only. docs/campaign-file.md shows it
 * for "my-campaign" (test/campaign-cli.test.ts keeps the two equal).
 */

/** "my-campaign" → "My campaign". */
function titleOf(slug: string): string {
  const words = slug.replace(/-+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A new campaign file's content for `slug` (assumed valid), ready for JSON.stringify. */
export function campaignTemplate(slug: string) {
  const name = titleOf(slug);
  return {
    slug,
    status: 'open',
    locale: 'en',
    title: name,
    summary: 'One or two sentences: who needs solidarity, and what you ask of supporters.',
    body: 'The appeal itself. Say what happened, who is affected and what a signature does.\n\nParagraphs are separated by a blank line.',
    demands: ['The first demand', 'The second demand'],
    goal: 1000,
    mail: {
      senderName: name,
      to: 'solidarity@example.org',
      cc: ['copies@example.org'],
      forward: 'each',
      subject: 'Solidarity from {name}, {city}',
      body: '{message}\n\n{name}, {city}, {country}',
      targetPerHour: 30,
      campaignPerHour: 600,
    },
    privacy: {
      controller: `${name}, 1 Example Street, Example City`,
      contact: 'privacy@example.org',
      retentionDays: 365,
      consentVersion: '1',
    },
    organisers: ['organiser@example.org'],
    moderation: 'show-first',
    targets: [
      { id: 'fr-paris', name: 'Embassy in Paris, France', country: 'FR', email: 'embassy-paris@example.org' },
      { id: 'de-berlin', name: 'Embassy in Berlin, Germany', country: 'DE', email: 'embassy-berlin@example.org' },
    ],
    pickets: [
      {
        id: 'de-berlin-picket',
        target: 'de-berlin',
        city: 'Berlin',
        country: 'DE',
        start: '2027-06-16T12:00',
        end: '2027-06-16T14:00',
        timeZone: 'Europe/Berlin',
        meetingPoint: 'In front of the embassy',
        contact: 'picket@example.org',
        contactPublic: true,
      },
    ],
  };
}

/** The template as the file's text: two-space JSON and a final newline. */
export function campaignTemplateText(slug: string): string {
  return `${JSON.stringify(campaignTemplate(slug), null, 2)}\n`;
}
