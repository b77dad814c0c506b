import { describe, expect, it } from 'vitest';
import { canonicalInbox } from '../src/lib/inbox';

describe('canonicalInbox', () => {
  it.each([
    ['Bob@Example.org', 'bob@example.org'],
    ['  bob@example.org ', 'bob@example.org'],
    ['bob+1@example.org', 'bob@example.org'],
    ['bob+campaign+x@example.org', 'bob@example.org'],
    ['b.o.b@example.org', 'b.o.b@example.org'],
    ['B.o.B+tag@GMail.com', 'bob@gmail.com'],
    ['b.o.b@googlemail.com', 'bob@gmail.com'],
    ['bob.smith+x@gmail.com', 'bobsmith@gmail.com'],
    ['+only@example.org', '+only@example.org'],
    ['a+b@mail.example.org', 'a@mail.example.org'],
  ])('%s → %s', (address, inbox) => {
    expect(canonicalInbox(address)).toBe(inbox);
  });
});
