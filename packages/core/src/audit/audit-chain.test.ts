import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  canonicalAuditEntry,
  chainEntry,
  genesisHash,
  verifyChain,
  type AuditChange,
  type AuditEntry,
} from './audit-chain.ts';
import { describeChainVerification } from './audit-words.ts';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

const change = (n: number): AuditChange => ({
  actor: `officer-${n % 3}`,
  action: 'valuation.decided',
  subject: { type: 'declaration', id: `D${n}` },
  before: n % 2 === 0 ? null : { value: String(n) },
  after: { value: String(n + 1), items: [n, { nested: true }] },
});

/** A chain of `length` entries, one minute apart. */
function chainOf(length: number): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (let n = 1; n <= length; n++) {
    entries.push(chainEntry(entries.at(-1), change(n), new Date(Date.UTC(2026, 2, 1, 8, n)), sha256));
  }
  return entries;
}

/** Re-hashes an entry after its content changed (what a careful forger does). */
function rehash(entry: AuditEntry, previousHash = entry.previousHash): AuditEntry {
  return { ...entry, previousHash, hash: sha256(previousHash + canonicalAuditEntry(entry)) };
}

describe('chainEntry', () => {
  it('numbers entries from 1 and links each to the hash of the one before, from the genesis hash', () => {
    const [first, second] = chainOf(2) as [AuditEntry, AuditEntry];
    assert.equal(first.sequence, 1);
    assert.equal(first.previousHash, genesisHash);
    assert.equal(first.at, '2026-03-01T08:01:00.000Z');
    assert.equal(first.hash, sha256(genesisHash + canonicalAuditEntry(first)));
    assert.equal(second.sequence, 2);
    assert.equal(second.previousHash, first.hash);
  });

  it('hashes the content whatever the order of keys in before and after', () => {
    const at = new Date('2026-03-01T08:00:00Z');
    const a = chainEntry(undefined, { ...change(1), after: { a: 1, b: [1, 2] } }, at, sha256);
    const b = chainEntry(undefined, { ...change(1), after: { b: [1, 2], a: 1 } }, at, sha256);
    assert.equal(a.hash, b.hash);
  });
});

describe('verifyChain', () => {
  it('finds an intact chain intact, with its head, and an empty one too', () => {
    const entries = chainOf(5);
    assert.deepEqual(verifyChain(entries, sha256), {
      intact: true,
      entries: 5,
      head: { sequence: 5, hash: entries[4]?.hash, at: entries[4]?.at },
    });
    assert.deepEqual(verifyChain([], sha256), { intact: true, entries: 0, head: null });
  });

  it('names an edited entry, whether or not its hash was kept', () => {
    const entries = chainOf(6);
    const edited = entries.map((entry) =>
      entry.sequence === 3 ? { ...entry, after: { value: 'forged' } } : entry,
    );
    assert.deepEqual(verifyChain(edited, sha256), {
      intact: false,
      entries: 6,
      fault: { kind: 'edited', sequence: 3 },
    });
    const actorChanged = entries.map((entry) =>
      entry.sequence === 6 ? { ...entry, actor: 'someone' } : entry,
    );
    assert.deepEqual(verifyChain(actorChanged, sha256), {
      intact: false,
      entries: 6,
      fault: { kind: 'edited', sequence: 6 },
    });
    // Re-hashed: the entry is self-consistent, but the next one no longer follows it.
    const rehashed = entries.map((entry) =>
      entry.sequence === 3 ? rehash({ ...entry, actor: 'x' }) : entry,
    );
    const verdict = verifyChain(rehashed, sha256);
    assert.equal(verdict.intact, false);
    assert.equal(verdict.fault.sequence, 4);
  });

  it('names a deleted entry, by the gap it leaves or by the broken link when renumbered', () => {
    const entries = chainOf(6);
    const gap = entries.filter((entry) => entry.sequence !== 4);
    assert.deepEqual(verifyChain(gap, sha256), {
      intact: false,
      entries: 5,
      fault: { kind: 'deleted', sequence: 4 },
    });
    const first = entries.filter((entry) => entry.sequence !== 1);
    assert.deepEqual(verifyChain(first, sha256), {
      intact: false,
      entries: 5,
      fault: { kind: 'deleted', sequence: 1 },
    });
    const renumbered = gap.map((entry) =>
      entry.sequence > 4 ? rehash({ ...entry, sequence: entry.sequence - 1 }) : entry,
    );
    assert.deepEqual(verifyChain(renumbered, sha256), {
      intact: false,
      entries: 5,
      fault: { kind: 'deleted', sequence: 4 },
    });
  });

  it('names an inserted entry, forged carefully or not', () => {
    const entries = chainOf(5);
    const [one, two, three, four, five] = entries as [
      AuditEntry,
      AuditEntry,
      AuditEntry,
      AuditEntry,
      AuditEntry,
    ];
    // Slipped in after entry 2, later entries renumbered, every hash that can be forged forged.
    const forged = chainEntry(
      two,
      { ...change(99), actor: 'intruder' },
      new Date('2026-03-01T08:02:30Z'),
      sha256,
    );
    const shifted = [three, four, five].map((entry) => rehash({ ...entry, sequence: entry.sequence + 1 }));
    assert.deepEqual(verifyChain([one, two, forged, ...shifted], sha256), {
      intact: false,
      entries: 6,
      fault: { kind: 'inserted', sequence: 3 },
    });
    // With a made-up hash.
    const junk = { ...forged, hash: 'f'.repeat(64) };
    assert.deepEqual(verifyChain([one, two, junk, ...shifted], sha256), {
      intact: false,
      entries: 6,
      fault: { kind: 'inserted', sequence: 3 },
    });
    // At the end, without a kept head, a carefully forged entry cannot be told from a real one;
    // with the head exported before it, the chain still holds that head.
    const appended = chainEntry(five, change(7), new Date('2026-03-02T00:00:00Z'), sha256);
    assert.equal(verifyChain([...entries, appended], sha256).intact, true);
  });

  it('names a reordered entry, when two swap places or one is moved to the end', () => {
    const entries = chainOf(6);
    const swapped = entries.map((entry) =>
      entry.sequence === 3
        ? { ...(entries[3] as AuditEntry), sequence: 3 }
        : entry.sequence === 4
          ? { ...(entries[2] as AuditEntry), sequence: 4 }
          : entry,
    );
    assert.deepEqual(verifyChain(swapped, sha256), {
      intact: false,
      entries: 6,
      fault: { kind: 'reordered', sequence: 3, expectedAt: 4 },
    });
    const lastTwo = entries.map((entry) =>
      entry.sequence === 5
        ? { ...(entries[5] as AuditEntry), sequence: 5 }
        : entry.sequence === 6
          ? { ...(entries[4] as AuditEntry), sequence: 6 }
          : entry,
    );
    assert.deepEqual(verifyChain(lastTwo, sha256), {
      intact: false,
      entries: 6,
      fault: { kind: 'reordered', sequence: 5, expectedAt: 6 },
    });
    const moved = [
      ...entries.filter((entry) => entry.sequence !== 2),
      { ...(entries[1] as AuditEntry), sequence: 7 },
    ];
    assert.deepEqual(verifyChain(moved, sha256), {
      intact: false,
      entries: 6,
      fault: { kind: 'reordered', sequence: 2, expectedAt: 7 },
    });
  });

  it('checks heads kept elsewhere: a chain rewritten from some entry on, or cut short, no longer holds them', () => {
    const entries = chainOf(5);
    const kept = { sequence: 4, hash: (entries[3] as AuditEntry).hash };
    assert.equal(verifyChain(entries, sha256, [kept]).intact, true);
    let previous: AuditEntry | undefined;
    const rewritten = entries.map((entry) => {
      const next =
        entry.sequence >= 3 ? rehash({ ...entry, actor: 'forger' }, previous?.hash ?? genesisHash) : entry;
      previous = next;
      return next;
    });
    assert.equal(verifyChain(rewritten, sha256).intact, true);
    assert.deepEqual(verifyChain(rewritten, sha256, [kept]), {
      intact: false,
      entries: 5,
      fault: { kind: 'head_mismatch', sequence: 4 },
    });
    assert.deepEqual(verifyChain(entries.slice(0, 3), sha256, [kept]), {
      intact: false,
      entries: 3,
      fault: { kind: 'head_mismatch', sequence: 4 },
    });
  });

  it('finds any single edit, deletion or swap of a random chain, at or before the entry touched', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 12 }),
        fc.nat(),
        fc.constantFrom('edit', 'delete', 'swap'),
        (length, pick, tamper) => {
          const entries = chainOf(length);
          const index = pick % (tamper === 'swap' ? length - 1 : length);
          let tampered: AuditEntry[];
          if (tamper === 'edit') {
            tampered = entries.map((entry, i) => (i === index ? { ...entry, action: 'forged' } : entry));
          } else if (tamper === 'delete') {
            if (index === length - 1) return; // the last entry: only a kept head tells (tested above)
            tampered = entries.filter((_, i) => i !== index);
          } else {
            tampered = entries.map((entry, i) =>
              i === index
                ? { ...(entries[index + 1] as AuditEntry), sequence: entry.sequence }
                : i === index + 1
                  ? { ...(entries[index] as AuditEntry), sequence: entry.sequence }
                  : entry,
            );
          }
          const verdict = verifyChain(tampered, sha256);
          assert.equal(verdict.intact, false);
          assert.equal(verdict.fault.sequence, index + 1);
          assert.equal(verdict.fault.kind, { edit: 'edited', delete: 'deleted', swap: 'reordered' }[tamper]);
        },
      ),
      { numRuns: 200, seed: 7 },
    );
  });
});

describe('describeChainVerification', () => {
  it('says in French and English which entry is at fault and how', () => {
    const broken = { intact: false as const, entries: 6, fault: { kind: 'deleted' as const, sequence: 4 } };
    assert.equal(
      describeChainVerification(broken, 'en'),
      'Audit trail tampered with: an entry was deleted at 4: entry 4 is missing, or the one before it was rewritten.',
    );
    assert.match(
      describeChainVerification(broken, 'fr'),
      /^Journal d’audit altéré : une entrée a été supprimée en 4/,
    );
    assert.equal(
      describeChainVerification({ intact: true, entries: 0, head: null }, 'en'),
      'Audit trail intact: no entries.',
    );
  });
});
