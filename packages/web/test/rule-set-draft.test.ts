// The rule set draft: profiles renamed, added, removed only when empty, criteria moved between
// them, watchlists added; the saved document keeps criteria in their order; and a 400's JSON
// Pointers land on the draft's fields and on the watchlist entry form.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Criterion, RuleSetDocument } from '../src/api/api-types.ts';
import {
  criteriaIn,
  documentOf,
  draftFieldOf,
  draftOf,
  entryFieldOf,
  withNewProfile,
  withoutProfile,
} from '../src/rule-sets/rule-set-draft.ts';

const criterion = (id: string): Criterion => ({
  id,
  name: id,
  condition: { field: 'origin', op: 'eq', value: 'CN' },
  effect: { lane: 'red', percentage: 100 },
  weight: 1,
  validFrom: '2026-01-01T00:00:00.000Z',
  reason: { fr: id, en: id },
  rationale: id,
});

const document: RuleSetDocument = {
  name: 'National',
  profiles: [
    { id: 'P-VALUE', name: 'Valeur', active: true, criteria: [criterion('C-1'), criterion('C-2')] },
    { id: 'P-ORIGIN', name: 'Origine', active: false, criteria: [criterion('C-3')] },
  ],
  lists: [{ id: 'L-IMP', name: 'Importers', kind: 'importer', entries: [] }],
  laneParameters: {
    default: {
      expectedRate: { red: 1, yellow: 1, blue: 1 },
      minimumRandomRate: { red: 1, yellow: 1, blue: 1 },
    },
  },
};

describe('rule set draft', () => {
  it('gives back the same document when nothing is changed', () => {
    assert.deepEqual(documentOf(document, draftOf(document)), document);
  });

  it('adds a profile, moves criteria into it in their order, renames, deactivates, adds a list', () => {
    const added = withNewProfile(draftOf(document));
    const [, , fresh] = added.profiles;
    assert.ok(fresh);
    const draft = {
      ...added,
      profiles: added.profiles.map((profile) =>
        profile.key === fresh.key
          ? { ...profile, id: ' P-NEW ', name: 'Nouveau' }
          : profile.key === 'p0'
            ? { ...profile, active: false }
            : profile,
      ),
      placement: { ...added.placement, 'C-3': fresh.key, 'C-1': fresh.key },
      newLists: [{ id: 'L-CTN', name: 'Containers', kind: 'container' as const }],
    };
    const saved = documentOf(document, draft);
    assert.deepEqual(
      saved.profiles.map((profile) => [profile.id, profile.active, profile.criteria.map((c) => c.id)]),
      [
        ['P-VALUE', false, ['C-2']],
        ['P-ORIGIN', false, []],
        ['P-NEW', true, ['C-1', 'C-3']],
      ],
    );
    assert.deepEqual(
      saved.lists.map((list) => [list.id, list.kind, list.entries.length]),
      [
        ['L-IMP', 'importer', 0],
        ['L-CTN', 'container', 0],
      ],
    );
  });

  it('removes a profile only once it holds no criterion', () => {
    const draft = draftOf(document);
    assert.equal(criteriaIn(draft, 'p1'), 1);
    assert.equal(withoutProfile(draft, 'p1'), draft);
    const emptied = { ...draft, placement: { ...draft.placement, 'C-3': 'p0' } };
    assert.deepEqual(
      withoutProfile(emptied, 'p1').profiles.map((profile) => profile.id),
      ['P-VALUE'],
    );
  });

  it('maps problems to the draft fields, new lists counted after the saved ones', () => {
    const at = (path: string) => draftFieldOf({ path, value: '', expected: '' }, 1);
    assert.equal(at('/profiles/2/id'), 'profile-2-id');
    assert.equal(at('/lists/1/kind'), 'list-0-kind');
    assert.equal(at('/lists/0/name'), undefined);
    assert.equal(at('/profiles/0/criteria/1/weight'), undefined);
  });

  it('maps problems to the entry form, from the rule set or from the request body', () => {
    const at = (path: string) => entryFieldOf({ path, value: '', expected: '' }, 1, 4);
    assert.equal(at('/lists/1/entries/4/value'), 'value');
    assert.equal(at('/lists/1/entries/4/validTo'), 'validTo');
    assert.equal(at('/lists/1/entries/3/value'), undefined);
    assert.equal(at('/body/entries/0/validFrom'), 'validFrom');
  });
});
