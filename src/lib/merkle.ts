/**
 * A Merkle tree as Certificate Transparency defines it (RFC 6962, section 2.1), over leaf
 * hashes given as lower-case hex: node = SHA-256(0x01 ‖ left ‖ right) on the raw bytes,
 * and a list of n > 1 leaves splits at the largest power of two below n. The prefix byte
 * keeps a node from passing for a leaf (leaves are hashed with 0x00, see ledger-hash.ts).
 * Pure: Web Crypto only, so it runs the same in the Worker, in Node and in a browser.
 */

/** One step of an inclusion proof: the sibling's hash and on which side it stands. */
export type ProofStep = { position: 'left' | 'right'; hash: string };

/** A lower-case hex digit's value, or -1 (from its char code). */
function nibble(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}

/** Hex to bytes; throws on anything but an even number of lower-case hex digits. */
export function fromHex(hex: string): Uint8Array<ArrayBuffer> {
  if (hex.length % 2 !== 0) throw new Error('not lower-case hex');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = nibble(hex.charCodeAt(i * 2));
    const lo = nibble(hex.charCodeAt(i * 2 + 1));
    if (hi < 0 || lo < 0) throw new Error('not lower-case hex');
    out[i] = hi * 16 + lo;
  }
  return out;
}

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** Bytes as lower-case hex. */
export function toHexBytes(bytes: ArrayBuffer | Uint8Array): string {
  let out = '';
  for (const b of new Uint8Array(bytes)) out += HEX[b];
  return out;
}

/** SHA-256 of bytes, as hex. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  // TextEncoder's bytes may be typed as shared memory, which digest() refuses: copy once.
  const own = bytes.buffer instanceof ArrayBuffer ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : Uint8Array.from(bytes);
  return toHexBytes(await crypto.subtle.digest('SHA-256', own));
}

/** An inner node: SHA-256(0x01 ‖ left ‖ right). */
export async function nodeHash(left: string, right: string): Promise<string> {
  const l = fromHex(left);
  const r = fromHex(right);
  const bytes = new Uint8Array(1 + l.length + r.length);
  bytes[0] = 1;
  bytes.set(l, 1);
  bytes.set(r, 1 + l.length);
  return toHexBytes(await crypto.subtle.digest('SHA-256', bytes));
}

/**
 * Every level of the tree, leaves first and the root last. Built bottom-up: an odd last
 * node moves up unpaired, which gives exactly RFC 6962's tree (its left subtrees are
 * always full powers of two). Empty for no leaves.
 */
export async function treeLevels(leaves: readonly string[]): Promise<string[][]> {
  if (leaves.length === 0) return [];
  const levels = [[...leaves]];
  let level = levels[0]!;
  while (level.length > 1) {
    const next: string[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) next.push(await nodeHash(level[i]!, level[i + 1]!));
    if (level.length % 2 === 1) next.push(level.at(-1)!);
    levels.push(next);
    level = next;
  }
  return levels;
}

/** The root of the tree over `leaves` (in the order given); null for no leaves. */
export async function merkleRoot(leaves: readonly string[]): Promise<string | null> {
  return (await treeLevels(leaves)).at(-1)?.[0] ?? null;
}

/** The inclusion proof of leaf `index` (RFC 6962 audit path), nearest sibling first. */
export function inclusionProof(levels: readonly string[][], index: number): ProofStep[] {
  const size = levels[0]?.length ?? 0;
  if (!Number.isInteger(index) || index < 0 || index >= size) throw new Error('leaf index out of range');
  const proof: ProofStep[] = [];
  let i = index;
  for (const level of levels.slice(0, -1)) {
    const sibling = i ^ 1;
    // The last node of an odd level has no sibling: it moves up as it is.
    if (sibling < level.length) proof.push({ position: i % 2 === 0 ? 'right' : 'left', hash: level[sibling]! });
    i = Math.floor(i / 2);
  }
  return proof;
}

/** The root a leaf and its proof lead to: compare it with the published root. */
export async function rootFromProof(leaf: string, proof: readonly ProofStep[]): Promise<string> {
  let hash = leaf;
  for (const step of proof) hash = step.position === 'left' ? await nodeHash(step.hash, hash) : await nodeHash(hash, step.hash);
  return hash;
}

/*
 * The same tree kept as it grows (issue 25): leaves are only ever appended, so every node
 * whose subtree is complete (2^level leaves, aligned) never changes once made. Those nodes
 * are stored; the root of any size, and any leaf's inclusion proof, come from O(log n) of
 * them. Node (level, idx) covers leaves [idx·2^level, (idx+1)·2^level); level 0 is the leaf.
 */

/** A complete subtree's node, by level and index within its level. */
export type NodeRef = { level: number; idx: number };
/** A node with its hash, as stored. */
export type TreeNode = NodeRef & { hash: string };

/** The complete nodes that make up leaves [lo, hi), left to right (lo aligned as in RFC 6962's split). */
export function rangeNodes(lo: number, hi: number): NodeRef[] {
  const out: NodeRef[] = [];
  let start = lo;
  for (let level = 31; level >= 0; level--) {
    const width = 2 ** level;
    if ((hi - start) >= width && start % width === 0) {
      out.push({ level, idx: start / width });
      start += width;
    }
  }
  if (start !== hi) throw new Error('range not decomposable');
  return out;
}

/** The complete nodes whose hashes give the root of a tree of `size` leaves (its frontier). */
export const frontierNodes = (size: number): NodeRef[] => rangeNodes(0, size);

/** The root of nodes given left to right: the last two joined first, as RFC 6962 splits. */
export async function foldRight(hashes: readonly string[]): Promise<string | null> {
  let acc: string | null = null;
  for (let i = hashes.length - 1; i >= 0; i--) acc = acc === null ? hashes[i]! : await nodeHash(hashes[i]!, acc);
  return acc;
}

/**
 * Appends leaves to a tree of `size` leaves whose frontier hashes are given (frontierNodes's
 * order). Returns every complete node the new leaves make (level ≥ 1), the new frontier and root.
 */
export async function appendLeaves(size: number, frontier: readonly string[], leaves: readonly string[]): Promise<{ nodes: TreeNode[]; frontier: string[]; root: string | null }> {
  const refs = frontierNodes(size);
  if (refs.length !== frontier.length) throw new Error('frontier does not match the size');
  const stack = refs.map((r, i) => ({ ...r, hash: frontier[i]! }));
  const nodes: TreeNode[] = [];
  let n = size;
  for (const leaf of leaves) {
    stack.push({ level: 0, idx: n, hash: leaf });
    n++;
    // Two complete neighbours of one level make their parent.
    while (stack.length >= 2 && stack.at(-1)!.level === stack.at(-2)!.level) {
      const right = stack.pop()!;
      const left = stack.pop()!;
      const parent = { level: left.level + 1, idx: left.idx / 2, hash: await nodeHash(left.hash, right.hash) };
      nodes.push(parent);
      stack.push(parent);
    }
  }
  const hashes = stack.map((s) => s.hash);
  return { nodes, frontier: hashes, root: await foldRight(hashes) };
}

/**
 * The nodes an inclusion proof of leaf `index` in a tree of `size` needs, step by step
 * (nearest first): each step's sibling is the fold of its nodes. RFC 6962's PATH, which is
 * what inclusionProof reads off the full levels.
 */
export function proofPlan(size: number, index: number): { position: 'left' | 'right'; nodes: NodeRef[] }[] {
  if (!Number.isInteger(index) || index < 0 || index >= size) throw new Error('leaf index out of range');
  const steps: { position: 'left' | 'right'; nodes: NodeRef[] }[] = [];
  let lo = 0;
  let hi = size;
  while (hi - lo > 1) {
    let k = 1;
    while (k * 2 < hi - lo) k *= 2;
    if (index < lo + k) {
      steps.push({ position: 'right', nodes: rangeNodes(lo + k, hi) });
      hi = lo + k;
    } else {
      steps.push({ position: 'left', nodes: rangeNodes(lo, lo + k) });
      lo += k;
    }
  }
  return steps.reverse();
}

/** The proof from the plan's nodes (`hashOf` gives each node's stored hash). */
export async function proofFromNodes(size: number, index: number, hashOf: (ref: NodeRef) => string): Promise<ProofStep[]> {
  const proof: ProofStep[] = [];
  for (const step of proofPlan(size, index)) proof.push({ position: step.position, hash: (await foldRight(step.nodes.map(hashOf)))! });
  return proof;
}
