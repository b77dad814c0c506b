import { describe, expect, it } from 'vitest';
import * as entry from '../src/index';

describe('src/index.ts', () => {
  it('exports only the default handler (workerd treats every named export as an entrypoint)', () => {
    expect(Object.keys(entry)).toEqual(['default']);
    expect(Object.keys(entry.default).sort()).toEqual(['email', 'fetch', 'scheduled']);
  });
});
