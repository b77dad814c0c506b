import { describe, expect, it } from 'vitest';
import { csvCell, csvRow } from '../src/lib/csv';

describe('csvCell', () => {
  it('quotes commas, quotes and line breaks, doubling quotes (RFC 4180)', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('one\ntwo')).toBe('"one\ntwo"');
    expect(csvCell('cr\rhere')).toBe('"cr\rhere"');
    expect(csvCell('Қазақстан ✊🏽')).toBe('Қазақстан ✊🏽');
    expect(csvCell(null)).toBe('');
    expect(csvCell(-12)).toBe('-12');
  });

  it('neutralises text a spreadsheet would run as a formula', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+7 700')).toBe("'+7 700");
    expect(csvCell('-x')).toBe("'-x");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    expect(csvCell('\rcmd')).toBe('"\'\rcmd"');
    expect(csvCell('=HYPERLINK("x","y")')).toBe('"\'=HYPERLINK(""x"",""y"")"');
  });

  it('ends a row with CRLF', () => {
    expect(csvRow([1, 'a', null])).toBe('1,a,\r\n');
  });
});
