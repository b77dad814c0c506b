import { describe, expect, it } from 'vitest';
import { csvCell, csvRow, spreadsheetSafe } from '../src/lib/csv';
import { isoInstant } from '../src/lib/time';

describe('csvCell', () => {
  it('quotes every text, doubling quotes (RFC 4180); numbers and empty cells stay bare', () => {
    expect(csvCell('plain')).toBe('"plain"');
    expect(csvCell('')).toBe('""');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('one\ntwo')).toBe('"one\ntwo"');
    expect(csvCell('Қазақстан ✊🏽')).toBe('"Қазақстан ✊🏽"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(-12)).toBe('-12');
  });

  it('neutralises text a spreadsheet would run as a formula', () => {
    expect(csvCell('=1+1')).toBe('"\'=1+1"');
    expect(csvCell('+7 700')).toBe('"\'+7 700"');
    expect(csvCell('-x')).toBe('"\'-x"');
    expect(csvCell('@SUM(A1)')).toBe('"\'@SUM(A1)"');
    expect(csvCell('\tcmd')).toBe('"\'\tcmd"');
    expect(csvCell('\rcmd')).toBe('"\'\rcmd"');
    expect(csvCell('=HYPERLINK("x","y")')).toBe('"\'=HYPERLINK(""x"",""y"")"');
  });
});

describe('spreadsheetSafe', () => {
  it('guards full-width and small look-alikes of = + - @', () => {
    for (const s of ['＝1+1', '＋1', '－1', '＠SUM(1)', '﹦1', '﹢1', '﹣1', '﹫x']) expect(spreadsheetSafe(s)).toBe(`'${s}`);
  });

  it('guards a formula behind spaces, zero-width, bidi characters or a BOM', () => {
    for (const s of [' =1+1', '\u00a0=1', '\u200b=1+1', '\u200e=1', '\u202e=1', '\u2066=1', '\ufeff=1', '\u00ad=1', '\u3000=1']) {
      expect(spreadsheetSafe(s)).toBe(`'${s}`);
    }
  });

  it('guards where a spreadsheet reading with ; or TAB, or taking a line break as the row’s end, would start a cell', () => {
    expect(spreadsheetSafe('x;=1+1')).toBe("x;'=1+1");
    expect(spreadsheetSafe('x;"=1+1')).toBe('x;\'"=1+1');
    expect(spreadsheetSafe('x; \u200b－1')).toBe("x;' \u200b－1");
    expect(spreadsheetSafe('x\t=1+1')).toBe("x\t'=1+1");
    expect(spreadsheetSafe('line\n=1+1')).toBe("line\n'=1+1");
    expect(spreadsheetSafe('line\r\n@x')).toBe("line\r\n'@x");
    expect(spreadsheetSafe('a;b;=c;@d')).toBe("a;b;'=c;'@d");
  });

  it('answers as the full patterns alone would, for any mix of letters, separators, breaks, invisibles and formula starts', () => {
    // The guard without its shortcuts, as it stood before them.
    const skipped = '(?:(?![\\t\\r\\n])[\\s"\\u00ad\\u061c\\u180e\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u2064\\u2066-\\u2069\\ufeff])*';
    const formula = '[=+\\-@\\t\\r\\uff1d\\uff0b\\uff0d\\uff20\\ufe62\\ufe63\\ufe66\\ufe6b]';
    const reference = (text: string) => {
      const inside = text.replace(new RegExp(`([;\\t\\r\\n])(?=${skipped}${formula})`, 'gu'), "$1'");
      return new RegExp(`^${skipped}${formula}`, 'u').test(inside) ? `'${inside}` : inside;
    };
    const alphabet = ['a', 'Z', '7', 'ж', ' ', ';', '\t', '\r', '\n', '=', '+', '-', '@', '"', '\u200b', '\ufeff', '＝', '﹣', ','];
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let n = 0; n < 5000; n++) {
      const text = Array.from({ length: 1 + (next() % 8) }, () => alphabet[next() % alphabet.length]).join('');
      expect(spreadsheetSafe(text), JSON.stringify(text)).toBe(reference(text));
    }
  });

  it('leaves ordinary text exactly as written', () => {
    for (const s of ['Ana Lima', "O'Brien, Jr.", 'Жаңаөзен; солидарность', 'Line one\nline two', 'CRLF\r\ninside', 'a - b', 'x@y.example', '1+1=2']) {
      expect(spreadsheetSafe(s)).toBe(s);
    }
  });
});

describe('csvRow', () => {
  it('ends a row with CRLF', () => {
    expect(csvRow([1, 'a', null])).toBe('1,"a",\r\n');
  });
});

describe('isoInstant', () => {
  it('writes what Date#toISOString writes, across days, years and the epoch', () => {
    const samples = [0, -1, 1, 1.5, -0.5, 86_399_999, 86_400_000, 951_782_400_000, 1_764_597_785_120, 253_402_300_799_999, -62_135_596_800_000];
    let seed = 7;
    for (let n = 0; n < 5000; n++) samples.push((seed = (seed * 48271) % 2147483647) * 1177 - 1_000_000_000_000);
    for (const ms of samples) expect(isoInstant(ms), String(ms)).toBe(new Date(ms).toISOString());
  });
});
