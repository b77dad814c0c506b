import { describe, expect, it } from 'vitest';
import { chainDays, dayRoot, GENESIS, leafHash, textHash } from '../src/lib/ledger-hash';
import { checkLedger, type StoredLeaf } from '../src/lib/ledger-verify';
import { fromHex, inclusionProof, merkleRoot, nodeHash, rootFromProof, sha256Hex, treeLevels } from '../src/lib/merkle';

const leafOf = async (hex: string) => sha256Hex(new Uint8Array([0, ...fromHex(hex)]));

/** RFC 6962's definition, recursively, as a reference for the bottom-up build. */
async function reference(leaves: string[]): Promise<string> {
  if (leaves.length === 1) return leaves[0]!;
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(await reference(leaves.slice(0, k)), await reference(leaves.slice(k)));
}

describe('merkle (RFC 6962)', () => {
  it('gives the Certificate Transparency test vectors for trees of 1 to 8 leaves', async () => {
    const data = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
    const roots = [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
      'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
      '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
      '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
      'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
      '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
    ];
    const leaves = await Promise.all(data.map(leafOf));
    for (let n = 1; n <= 8; n++) expect(await merkleRoot(leaves.slice(0, n)), `${n} leaves`).toBe(roots[n - 1]);
    expect(await merkleRoot([])).toBeNull();
  });

  it('builds the same tree as the recursive definition, and every proof leads to its root', async () => {
    const leaves = await Promise.all(Array.from({ length: 21 }, (_, i) => sha256Hex(new Uint8Array([i]))));
    for (let n = 1; n <= leaves.length; n++) {
      const some = leaves.slice(0, n);
      const levels = await treeLevels(some);
      const root = await reference(some);
      expect(levels.at(-1)?.[0]).toBe(root);
      for (let i = 0; i < n; i++) expect(await rootFromProof(some[i]!, inclusionProof(levels, i)), `${i} of ${n}`).toBe(root);
    }
  });

  it('refuses a proof for another leaf, a changed sibling or sides swapped', async () => {
    const leaves = await Promise.all(Array.from({ length: 7 }, (_, i) => sha256Hex(new Uint8Array([i]))));
    const levels = await treeLevels(leaves);
    const root = levels.at(-1)![0]!;
    const proof = inclusionProof(levels, 2);
    expect(await rootFromProof(leaves[3]!, proof)).not.toBe(root);
    expect(await rootFromProof(leaves[2]!, [{ ...proof[0]!, hash: leaves[5]! }, ...proof.slice(1)])).not.toBe(root);
    expect(await rootFromProof(leaves[2]!, proof.map((s) => ({ ...s, position: s.position === 'left' ? 'right' : 'left' })))).not.toBe(root);
    expect(() => inclusionProof(levels, 7)).toThrow('out of range');
  });
});

describe('ledger hashes', () => {
  const slug = 'demo';
  async function leaf(receiptId: string, day: string, text: string): Promise<StoredLeaf> {
    const textSha256 = await textHash(text);
    return { receiptId, target: 'fr-paris', day, textSha256, leaf: await leafHash({ slug, receiptId, target: 'fr-paris', day, textSha256 }) };
  }
  const ids = (n: number) => Array.from({ length: n }, (_, i) => i.toString(16).padStart(32, '0'));

  it('computes a leaf and a day root exactly as docs/ledger.md writes them', async () => {
    const t = await textHash('Solidarity!');
    expect(t).toBe(await sha256Hex(new TextEncoder().encode('Solidarity!')));
    const expected = await sha256Hex(new Uint8Array([0, ...new TextEncoder().encode(`solidarity-ledger-leaf-v1\ndemo\n${'a'.repeat(32)}\nfr-paris\n2026-06-16\n${t}`)]));
    expect(await leafHash({ slug, receiptId: 'a'.repeat(32), target: 'fr-paris', day: '2026-06-16', textSha256: t })).toBe(expected);
    const root = await dayRoot({ slug, day: '2026-06-16', count: 1, previous: GENESIS, tree: expected });
    expect(root).toBe(await sha256Hex(new TextEncoder().encode(`solidarity-ledger-day-v1\ndemo\n2026-06-16\n1\n${GENESIS}\n${expected}`)));
  });

  it('chains days: changing one leaf of the first day changes every later root', async () => {
    const [a, b, c, d] = ids(4);
    const days = async (firstText: string) =>
      chainDays(slug, [
        { day: '2026-06-18', leaves: [(await leaf(d!, '2026-06-18', 'four')).leaf] },
        { day: '2026-06-16', leaves: [(await leaf(a!, '2026-06-16', firstText)).leaf, (await leaf(b!, '2026-06-16', 'two')).leaf] },
        { day: '2026-06-17', leaves: [(await leaf(c!, '2026-06-17', 'three')).leaf] },
      ]);
    const honest = await days('one');
    expect(honest.map((x) => [x.day, x.leaves])).toEqual([['2026-06-16', 2], ['2026-06-17', 1], ['2026-06-18', 1]]);
    expect(honest[0]?.previousRoot).toBe(GENESIS);
    expect(honest[1]?.previousRoot).toBe(honest[0]?.root);
    const tampered = await days('one, edited');
    expect(tampered[1]?.merkleRoot).toBe(honest[1]?.merkleRoot);
    for (let i = 0; i < 3; i++) expect(tampered[i]?.root, honest[i]?.day).not.toBe(honest[i]?.root);
  });

  it('checkLedger finds a leaf whose fields changed, a leaf removed and a sealed root edited; an honest ledger shows none', async () => {
    const [a, b, c] = ids(3);
    const leaves = [await leaf(a!, '2026-06-16', 'one'), await leaf(b!, '2026-06-16', 'two'), await leaf(c!, '2026-06-17', 'three')];
    const sealed = await chainDays(slug, [
      { day: '2026-06-16', leaves: [leaves[0]!.leaf, leaves[1]!.leaf] },
      { day: '2026-06-17', leaves: [leaves[2]!.leaf] },
    ]);
    expect(await checkLedger(slug, leaves, sealed)).toMatchObject({ differences: [], unsealed: [] });
    expect((await checkLedger(slug, [...leaves, await leaf(ids(4)[3]!, '2026-06-18', 'four')], sealed)).unsealed).toEqual(['2026-06-18']);

    const edited = leaves.map((l, i) => (i === 0 ? { ...l, textSha256: 'f'.repeat(64) } : l));
    const e = await checkLedger(slug, edited, sealed);
    expect(e.differences[0]).toMatch(/^2026-06-16: leaf of receipt 0{32} is [0-9a-f]{64}, its fields give [0-9a-f]{64}$/);
    expect(e.differences).toContainEqual(expect.stringMatching(/^2026-06-17: previous root/));

    const removed = await checkLedger(slug, leaves.slice(1), sealed);
    expect(removed.differences).toContain('2026-06-16: 2 leaves sealed, 1 now');

    const rewritten = sealed.map((d, i) => (i === 1 ? { ...d, root: '0'.repeat(64) } : d));
    expect((await checkLedger(slug, leaves, rewritten)).differences).toEqual([`2026-06-17: root ${'0'.repeat(64)} sealed, ${sealed[1]!.root} recomputed`]);
  });
});
