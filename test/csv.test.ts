import { describe, expect, it } from 'vitest';
import { csvCell, csvRow, spreadsheetSafe } from '../src/lib/csv';

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
