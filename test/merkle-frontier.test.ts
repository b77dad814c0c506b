import { describe, expect, it } from 'vitest';
import { appendLeaves, frontierNodes, inclusionProof, merkleRoot, type NodeRef, proofFromNodes, rootFromProof, sha256Hex, treeLevels } from '../src/lib/merkle';

const leavesOf = async (n: number, seed: number) => {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(await sha256Hex(new TextEncoder().encode(`leaf ${seed} ${i}`)));
  return out;
};

/** Grows a tree by appends of random lengths, keeping every node made, as the ledger's fold stores them. */
async function grown(leaves: string[]) {
  const stored = new Map<string, string>(leaves.map((l, i) => [`0:${i}`, l]));
  let size = 0;
  let frontier: string[] = [];
  let root: string | null = null;
  while (size < leaves.length) {
    const step = 1 + Math.floor(Math.random() * 7);
    const added = leaves.slice(size, size + step);
    const r = await appendLeaves(size, frontier, added);
    for (const n of r.nodes) stored.set(`${n.level}:${n.idx}`, n.hash);
    size += added.length;
    frontier = r.frontier;
    root = r.root;
    // The frontier is exactly the stored nodes frontierNodes names.
    expect(frontierNodes(size).map((ref) => stored.get(`${ref.level}:${ref.idx}`))).toEqual(frontier);
  }
  return { stored, root, hashOf: (ref: NodeRef) => stored.get(`${ref.level}:${ref.idx}`)! };
}

describe('the incremental tree (stored complete nodes)', () => {
  const sizes = [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 64, 65, 100, 127, 128, 129, 1 + Math.floor(Math.random() * 300), 1 + Math.floor(Math.random() * 300)];
  it.each(sizes)('gives the full rebuild’s root and every proof at %i leaves', async (n) => {
    // Sorted, as days sealed before the change were built: the same tree either way.
    const leaves = (await leavesOf(n, n)).sort();
    const levels = await treeLevels(leaves);
    const { root, hashOf } = await grown(leaves);
    expect(root).toBe(await merkleRoot(leaves));
    for (let i = 0; i < n; i++) {
      const proof = await proofFromNodes(n, i, hashOf);
      expect(proof).toEqual(inclusionProof(levels, i));
      expect(await rootFromProof(leaves[i]!, proof)).toBe(root);
    }
  });

  it('proves a leaf of an earlier size from the nodes stored since (a day read while it grows)', async () => {
    const leaves = await leavesOf(70, 7);
    const { hashOf } = await grown(leaves);
    for (const size of [1, 5, 33, 64]) {
      const levels = await treeLevels(leaves.slice(0, size));
      for (const i of [0, size - 1, Math.floor(size / 2)]) expect(await proofFromNodes(size, i, hashOf)).toEqual(inclusionProof(levels, i));
    }
  });
});
