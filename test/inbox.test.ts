import { describe, expect, it } from 'vitest';
import { canonicalInbox } from '../src/lib/inbox';

describe('canonicalInbox', () => {
  it.each([
    ['Bob@Example.org', 'bob@example.org'],
    ['  bob@example.org ', 'bob@example.org'],
    // Where the provider is not known to fold `+tag`, the address is its own inbox (issue 24.4).
    ['bob+1@example.org', 'bob+1@example.org'],
    ['bob+campaign+x@example.org', 'bob+campaign+x@example.org'],
    ['b.o.b@example.org', 'b.o.b@example.org'],
    ['a+b@mail.example.org', 'a+b@mail.example.org'],
    ['dave+x0@riseup.net', 'dave+x0@riseup.net'],
    // Gmail drops dots and `+tag`.
    ['B.o.B+tag@GMail.com', 'bob@gmail.com'],
    ['b.o.b@googlemail.com', 'bob@gmail.com'],
    ['bob.smith+x@gmail.com', 'bobsmith@gmail.com'],
    // Providers with plus addressing drop `+tag` and keep dots.
    ['bob.smith+news@outlook.com', 'bob.smith@outlook.com'],
    ['anna+x@yandex.ru', 'anna@yandex.ru'],
    ['anna+x@proton.me', 'anna@proton.me'],
    ['+only@gmail.com', '+only@gmail.com'],
  ])('%s → %s', (address, inbox) => {
    expect(canonicalInbox(address)).toBe(inbox);
  });
});
