/**
 * The model of a rule set draft, where the risk analyst edits profiles (groups of criteria:
 * their ids, names, whether they are active, which criteria each holds) and adds watchlists,
 * before saving the whole as the next version; and the mapping of a 400's JSON Pointers back
 * to the draft's fields and to the watchlist entry form. Pure: no screen, no request.
 */
import type { Criterion, FieldProblem, ListKind, RuleSetDocument } from '../api/api-types.ts';

export interface ProfileDraft {
  /** Stable while the analyst edits the id, for the screen's keys and the criteria's placement. */
  readonly key: string;
  readonly id: string;
  readonly name: string;
  readonly active: boolean;
}

export interface ListDraft {
  readonly id: string;
  readonly name: string;
  readonly kind: ListKind;
}

export interface RuleSetDraft {
  readonly profiles: readonly ProfileDraft[];
  /** Criterion id → the key of the profile that holds it. */
  readonly placement: Readonly<Record<string, string>>;
  /** Watchlists added in this draft (those of the version stay as they are). */
  readonly newLists: readonly ListDraft[];
}

/** The draft of a saved rule set: its profiles as they are, each criterion where it is. */
export function draftOf(document: RuleSetDocument): RuleSetDraft {
  const profiles = document.profiles.map((profile, index) => ({
    key: `p${index}`,
    id: profile.id,
    name: profile.name,
    active: profile.active,
  }));
  const placement: Record<string, string> = {};
  document.profiles.forEach((profile, index) => {
    for (const criterion of profile.criteria) placement[criterion.id] = `p${index}`;
  });
  return { profiles, placement, newLists: [] };
}

/** A draft with one more, empty, profile. */
export function withNewProfile(draft: RuleSetDraft): RuleSetDraft {
  const taken = new Set(draft.profiles.map((profile) => profile.key));
  let n = draft.profiles.length;
  while (taken.has(`p${n}`)) n += 1;
  return { ...draft, profiles: [...draft.profiles, { key: `p${n}`, id: '', name: '', active: true }] };
}

/** How many criteria a profile of the draft holds. */
export function criteriaIn(draft: RuleSetDraft, key: string): number {
  return Object.values(draft.placement).filter((placed) => placed === key).length;
}

/** A draft without a profile; refused (the same draft) while it still holds criteria. */
export function withoutProfile(draft: RuleSetDraft, key: string): RuleSetDraft {
  if (criteriaIn(draft, key) > 0) return draft;
  return { ...draft, profiles: draft.profiles.filter((profile) => profile.key !== key) };
}

/**
 * The rule set the draft describes, to save as the next version: its profiles in the draft's
 * order, each with its criteria in their former order; the version's watchlists, then the new
 * ones (empty: entries are added to a saved version). Ids and names are sent trimmed, and as
 * typed otherwise, for the server to judge.
 */
export function documentOf(document: RuleSetDocument, draft: RuleSetDraft): RuleSetDocument {
  const criteria: readonly Criterion[] = document.profiles.flatMap((profile) => profile.criteria);
  return {
    ...document,
    profiles: draft.profiles.map((profile) => ({
      id: profile.id.trim(),
      name: profile.name.trim(),
      active: profile.active,
      criteria: criteria.filter((criterion) => draft.placement[criterion.id] === profile.key),
    })),
    lists: [
      ...document.lists,
      ...draft.newLists.map((list) => ({
        id: list.id.trim(),
        name: list.name.trim(),
        kind: list.kind,
        entries: [],
      })),
    ],
  };
}

/**
 * The draft field a problem belongs to, from its JSON Pointer: `/profiles/2/name` is the third
 * profile's name (`profile-2-name`), `/lists/4/kind` the kind of the new list at that place
 * (`list-1-kind` when the version had 3 lists). Problems elsewhere (a criterion's, say) return undefined and are listed in the form's summary.
 */
export function draftFieldOf(problem: FieldProblem, savedLists: number): string | undefined {
  const profile = /^\/profiles\/(\d+)\/(id|name|active)$/.exec(problem.path);
  if (profile) return `profile-${profile[1]}-${profile[2]}`;
  const list = /^\/lists\/(\d+)\/(id|name|kind)$/.exec(problem.path);
  if (list && Number(list[1]) >= savedLists) return `list-${Number(list[1]) - savedLists}-${list[2]}`;
  return undefined;
}

/**
 * The entry form's field a problem of an added watchlist entry belongs to: the new entry is
 * the list's `entryIndex`-th in the rule set the server validated (`/lists/1/entries/5/value`),
 * or the request body's first entry (`/body/entries/0/validFrom`) when the route refused it.
 */
export function entryFieldOf(
  problem: FieldProblem,
  listIndex: number,
  entryIndex: number,
): 'value' | 'validFrom' | 'validTo' | undefined {
  const match =
    new RegExp(`^/lists/${listIndex}/entries/${entryIndex}/(value|validFrom|validTo)$`).exec(problem.path) ??
    /^\/body\/entries\/0\/(value|validFrom|validTo)$/.exec(problem.path);
  return match ? (match[1] as 'value' | 'validFrom' | 'validTo') : undefined;
}
