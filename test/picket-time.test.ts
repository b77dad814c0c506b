import { describe, expect, it } from 'vitest';
import { foldLine, icsCalendar, icsText } from '../src/lib/ics';
import { isTimeZone, localTimeOf, zonedInstant } from '../src/lib/zoned-time';
import { parseCampaignFile } from '../src/schemas/campaign-file';
import demo from '../campaigns/zhanaozen-solidarity.json';
import { picketFile } from './picket-helpers';

const utc = (iso: string) => Date.parse(iso);

describe('zoned times', () => {
  it('knows real IANA zones and refuses offsets, abbreviations and made-up names', () => {
    expect(['Europe/Berlin', 'America/New_York', 'Asia/Almaty', 'UTC'].every(isTimeZone)).toBe(true);
    expect(['CEST', '+02:00', 'Europe/Atlantis', 'Mars/Olympus', '', 'Europe/Berlin; DROP'].some(isTimeZone)).toBe(false);
  });

  it('reads a wall time in its zone: summer and winter time in Berlin, New York the same day', () => {
    expect(zonedInstant('2027-06-16T12:00', 'Europe/Berlin')).toBe(utc('2027-06-16T10:00:00Z'));
    expect(zonedInstant('2027-01-16T12:00', 'Europe/Berlin')).toBe(utc('2027-01-16T11:00:00Z'));
    expect(zonedInstant('2027-06-16T12:00', 'America/New_York')).toBe(utc('2027-06-16T16:00:00Z'));
    expect(localTimeOf(utc('2027-06-16T10:00:00Z'), 'Asia/Tokyo')).toBe('2027-06-16T19:00');
  });

  it('on the last Sunday of March in Berlin: 01:30 is CET, 03:30 is CEST, 02:30 does not exist', () => {
    expect(zonedInstant('2027-03-28T01:30', 'Europe/Berlin')).toBe(utc('2027-03-28T00:30:00Z'));
    expect(zonedInstant('2027-03-28T03:30', 'Europe/Berlin')).toBe(utc('2027-03-28T01:30:00Z'));
    expect(zonedInstant('2027-03-28T02:30', 'Europe/Berlin')).toBeNull();
    // A picket from 01:30 to 03:30 that night lasts one hour, not two.
    const start = zonedInstant('2027-03-28T01:30', 'Europe/Berlin') ?? 0;
    expect((zonedInstant('2027-03-28T03:30', 'Europe/Berlin') ?? 0) - start).toBe(3_600_000);
  });

  it('takes the first of a time that happens twice (the last Sunday of October) and refuses non-dates', () => {
    expect(zonedInstant('2027-10-31T02:30', 'Europe/Berlin')).toBe(utc('2027-10-31T00:30:00Z'));
    expect(zonedInstant('2027-02-30T12:00', 'Europe/Berlin')).toBeNull();
    expect(zonedInstant('2027-06-16 12:00', 'Europe/Berlin')).toBeNull();
  });
});

describe('campaign file: pickets', () => {
  const problems = (pickets: unknown[]) => {
    try {
      parseCampaignFile({ ...demo, pickets });
      return [];
    } catch (err) {
      return (err as { problems: string[] }).problems;
    }
  };

  it('takes the demo file\'s pickets and a cancelled one', () => {
    expect(parseCampaignFile(demo).pickets.map((p) => p.id)).toEqual(['de-berlin-0616', 'fr-paris-0616']);
    expect(problems([picketFile({ status: 'cancelled' })])).toEqual([]);
  });

  it('names each bad field: zone, a skipped time, the end before the start, no place, a public contact missing', () => {
    expect(problems([picketFile({ timeZone: 'CEST' })])).toEqual(['pickets[0].timeZone: must be an IANA time zone such as "Europe/Berlin" (got "CEST")']);
    expect(problems([picketFile({ start: '2027-03-28T02:30', end: '2027-03-28T04:00' })])).toEqual([
      'pickets[0].start: is not a time that exists in this time zone (the clocks skip it)',
    ]);
    expect(problems([picketFile({ end: '2027-06-16T11:00' })])).toEqual(['pickets[0].end: must be after the start']);
    expect(problems([picketFile({ target: undefined, place: '' })])[0]).toMatch(/^pickets\[0\]\.place: a picket needs a target/);
    expect(problems([picketFile({ contact: '', contactPublic: true })])[0]).toMatch(/^pickets\[0\]\.contact: must be set/);
    expect(problems([picketFile({ id: 'a' }), picketFile({ id: 'a' })])).toEqual(['pickets[1].id: "a" is already the id of another picket; each picket needs its own id']);
  });
});

describe('ics', () => {
  it('escapes text, folds at 75 octets without splitting a character, and ends lines with CRLF', () => {
    expect(icsText('a;b,c\\d\ne')).toBe('a\\;b\\,c\\\\d\\ne');
    const folded = foldLine(`SUMMARY:${'Пикет '.repeat(20)}`);
    for (const line of folded.split('\r\n')) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    expect(folded.split('\r\n').map((l, i) => (i === 0 ? l : l.slice(1))).join('')).toBe(`SUMMARY:${'Пикет '.repeat(20)}`);
    const file = icsCalendar({ uid: 'picket-1@example.org', stamp: utc('2026-12-01T00:00:00Z'), start: utc('2027-06-16T10:00:00Z'), end: utc('2027-06-16T12:00:00Z'), summary: 'S', location: 'L', description: 'D' });
    expect(file).toContain('\r\nDTSTART:20270616T100000Z\r\nDTEND:20270616T120000Z\r\n');
    expect(file).toContain('\r\nUID:picket-1@example.org\r\nDTSTAMP:20261201T000000Z\r\n');
    expect(file.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(file.endsWith('END:VCALENDAR\r\n')).toBe(true);
  });
});
