/**
 * ValueSetIndex over FHIR ValueSet JSON: built once at start-up into hash maps keyed `system|code`, plus regex
 * filters compiled once per include/exclude (intensional sets such as C00–C96). A lookup is a Map hit or a few
 * regex tests, never an array search through concepts.
 *
 * ICD-10-CM codes are normalised (upper case, dot removed) on both sides, so `I82.461` and `I82461` match
 * (RULES §2). Regex filters are tested against the dotted and the dotless form, so site authors may write either.
 *
 * Verification marks (RULES §0.1): a concept carrying
 * `{"url": "urn:distal-dvt-cds:verification", "valueCode": "unverified"}` is IGNORED by the index — it stays in
 * the data as a reminder until a site verifies the code and removes the mark. `single-source` (◐) is indexed.
 */
import type { CodeableConcept, Coding } from 'fhir/r4';
import { PairMemo } from '../../pair-memo';
import type { IndexedConcept, ValueSetIndex } from './types';

export const VERIFICATION_EXTENSION = 'urn:distal-dvt-cds:verification';
export const VEIN_EXTENSION = 'urn:distal-dvt-cds:vein';
export const ICD10CM = 'http://hl7.org/fhir/sid/icd-10-cm';

/** The parts of a (schema-validated) ValueSet the index reads. */
export interface ValueSetJson {
  readonly id: string;
  readonly compose: { readonly include: readonly ConceptSetJson[]; readonly exclude?: readonly ConceptSetJson[] };
}

interface ConceptSetJson {
  readonly system: string;
  readonly concept?: readonly {
    readonly code: string;
    readonly display?: string;
    readonly extension?: readonly { readonly url: string; readonly valueCode?: string }[];
  }[];
  readonly filter?: readonly { readonly property: string; readonly op: string; readonly value: string }[];
}

interface CompiledSet {
  readonly concepts: Map<string, IndexedConcept>;
  /** system → regexes of the include filters. */
  readonly includeFilters: Map<string, RegExp[]>;
  readonly excludeConcepts: Set<string>;
  readonly excludeFilters: Map<string, RegExp[]>;
  readonly listed: Coding[];
  /** Answers already computed, by system and code as sent (see HashedValueSetIndex.hit). */
  readonly memo: PairMemo<IndexedConcept | undefined>;
}

/** Memo marker for "not asked yet" (a remembered `undefined` means "not in the set"). */
const NOT_COMPUTED = Symbol('not-computed');
/**
 * Bound on remembered answers per value set: real traffic repeats a few thousand codes, but codes come from
 * requests, so the memo is cleared when full rather than allowed to grow with whatever clients send.
 */
const MEMO_LIMIT = 4096;

/** Thrown when code asks for a value set that is not loaded (a programming or deployment error). */
export class UnknownValueSetError extends Error {
  constructor(readonly valueSetId: string) {
    super(`Unknown value set '${valueSetId}'`);
    this.name = 'UnknownValueSetError';
  }
}

/** `I82.461` / `i82461` → `I82461`; other systems unchanged. */
export function normaliseCode(system: string, code: string): string {
  return system === ICD10CM ? code.replace(/\./g, '').toUpperCase() : code;
}

/** `I82461` → `I82.461` (dot after the third character), for regexes written against the dotted form. */
function dottedIcd(normalised: string): string {
  return normalised.length > 3 ? `${normalised.slice(0, 3)}.${normalised.slice(3)}` : normalised;
}

const key = (system: string, code: string): string => `${system}|${normaliseCode(system, code)}`;

type ConceptJson = NonNullable<ConceptSetJson['concept']>[number];

function isUnverified(concept: ConceptJson): boolean {
  return (concept.extension ?? []).some((e) => e.url === VERIFICATION_EXTENSION && e.valueCode === 'unverified');
}

function addFilters(target: Map<string, RegExp[]>, set: ConceptSetJson): void {
  for (const f of set.filter ?? []) {
    const list = target.get(set.system) ?? [];
    list.push(new RegExp(f.value));
    target.set(set.system, list);
  }
}

function compile(vs: ValueSetJson): CompiledSet {
  const compiled: CompiledSet = {
    concepts: new Map(), includeFilters: new Map(), excludeConcepts: new Set(), excludeFilters: new Map(), listed: [],
    memo: new PairMemo(MEMO_LIMIT),
  };
  for (const inc of vs.compose.include) {
    for (const c of inc.concept ?? []) {
      if (isUnverified(c)) continue;
      const vein = (c.extension ?? []).find((e) => e.url === VEIN_EXTENSION)?.valueCode;
      compiled.concepts.set(key(inc.system, c.code), {
        system: inc.system, code: c.code, ...(c.display !== undefined ? { display: c.display } : {}), ...(vein ? { vein } : {}),
      });
      compiled.listed.push({ system: inc.system, code: c.code, ...(c.display !== undefined ? { display: c.display } : {}) });
    }
    addFilters(compiled.includeFilters, inc);
  }
  for (const exc of vs.compose.exclude ?? []) {
    for (const c of exc.concept ?? []) compiled.excludeConcepts.add(key(exc.system, c.code));
    addFilters(compiled.excludeFilters, exc);
  }
  return compiled;
}

function matchesAny(regexes: readonly RegExp[] | undefined, system: string, code: string): boolean {
  if (!regexes) return false;
  const normal = normaliseCode(system, code);
  const forms = system === ICD10CM ? [normal, dottedIcd(normal)] : [code];
  return regexes.some((re) => forms.some((form) => re.test(form)));
}

/** Codings of a Coding or CodeableConcept, tolerating malformed input (never throws on odd data). */
export function codingsOf(code: Coding | CodeableConcept | undefined): Coding[] {
  if (!code || typeof code !== 'object') return [];
  if ('coding' in code && Array.isArray(code.coding)) return code.coding.filter(isCoding);
  return isCoding(code) ? [code] : [];
}

function isCoding(c: unknown): c is Coding & { system: string; code: string } {
  return typeof c === 'object' && c !== null && typeof (c as Coding).system === 'string' && typeof (c as Coding).code === 'string';
}

/** Sets with include filters for one system, with their compiled form (for the inverted lookup). */
type FilteredSets = readonly { readonly id: string; readonly set: CompiledSet }[];

const NO_SETS: ReadonlySet<string> = new Set();

class HashedValueSetIndex implements ValueSetIndex {
  /** Inverted index: normalised `system|code` → ids of the sets that list the concept (before excludes). */
  private readonly listedIn = new Map<string, string[]>();
  /** system → sets with include filters on that system (intensional sets such as C00–C96). */
  private readonly filteredBySystem = new Map<string, FilteredSets>();
  /** Answers of setsContaining by system and code as sent. Codes only, bounded like the per-set memo. */
  private readonly containing = new PairMemo<ReadonlySet<string>>(MEMO_LIMIT);

  constructor(private readonly sets: ReadonlyMap<string, CompiledSet>) {
    for (const [id, set] of sets) {
      for (const k of set.concepts.keys()) {
        const ids = this.listedIn.get(k);
        if (ids === undefined) this.listedIn.set(k, [id]);
        else if (!ids.includes(id)) ids.push(id);
      }
      for (const system of set.includeFilters.keys()) {
        this.filteredBySystem.set(system, [...(this.filteredBySystem.get(system) ?? []), { id, set }]);
      }
    }
  }

  has(valueSetId: string, code: Coding | CodeableConcept | undefined): boolean {
    return this.match(valueSetId, code) !== undefined;
  }

  /**
   * Perf (issue 7): the ids of every value set containing the coding — `has(id, coding)` for all ids at once,
   * answered from the inverted index (listed concepts, then the filter sets of the system, excludes removed).
   * Remembered per code across requests (the index is immutable after load), bounded like the per-set memo.
   */
  setsContaining(system: string, code: string): ReadonlySet<string> {
    const cached = this.containing.get(system, code, null);
    if (cached !== null) return cached;
    const found = this.computeContaining(system, code);
    this.containing.set(system, code, found);
    return found;
  }

  private computeContaining(system: string, code: string): ReadonlySet<string> {
    const k = key(system, code);
    const candidates = new Map<string, CompiledSet>();
    for (const id of this.listedIn.get(k) ?? []) {
      const set = this.sets.get(id);
      if (set) candidates.set(id, set);
    }
    for (const { id, set } of this.filteredBySystem.get(system) ?? []) {
      if (!candidates.has(id) && matchesAny(set.includeFilters.get(system), system, code)) candidates.set(id, set);
    }
    if (candidates.size === 0) return NO_SETS;
    const ids = new Set<string>();
    // Same order of tests as compute(): an exclude wins over a listed concept or a filter.
    for (const [id, set] of candidates) {
      if (set.excludeConcepts.has(k) || matchesAny(set.excludeFilters.get(system), system, code)) continue;
      ids.add(id);
    }
    return ids.size === 0 ? NO_SETS : ids;
  }

  match(valueSetId: string, code: Coding | CodeableConcept | undefined): Coding | undefined {
    const set = this.set(valueSetId);
    // codingsOf() without its array: called a few hundred times per evaluation.
    if (!code || typeof code !== 'object') return undefined;
    if ('coding' in code && Array.isArray(code.coding)) {
      for (const c of code.coding) {
        if (isCoding(c) && this.hit(set, c.system, c.code) !== undefined) return c;
      }
      return undefined;
    }
    return isCoding(code) && this.hit(set, code.system, code.code) !== undefined ? code : undefined;
  }

  concept(valueSetId: string, code: Coding | CodeableConcept | undefined): IndexedConcept | undefined {
    const set = this.set(valueSetId);
    for (const c of codingsOf(code)) {
      const found = this.hit(set, c.system as string, c.code as string);
      if (found) return found;
    }
    return undefined;
  }

  ids(): readonly string[] {
    return [...this.sets.keys()];
  }

  codes(valueSetId: string): readonly Coding[] {
    return this.set(valueSetId).listed;
  }

  private set(valueSetId: string): CompiledSet {
    const set = this.sets.get(valueSetId);
    if (!set) throw new UnknownValueSetError(valueSetId);
    return set;
  }

  /**
   * Perf (issue 7, bench/): a fact asks ~50 value sets about the same few dozen codes of a chart, and every
   * chart repeats the same labs and problems; the answer (code normalisation, hash lookups, regex filters such
   * as C00–C96) is computed once per value set and code, then read from a two-level map.
   */
  private hit(set: CompiledSet, system: string, code: string): IndexedConcept | undefined {
    const cached = set.memo.get(system, code, NOT_COMPUTED);
    if (cached !== NOT_COMPUTED) return cached;
    const found = this.compute(set, system, code);
    set.memo.set(system, code, found);
    return found;
  }

  private compute(set: CompiledSet, system: string, code: string): IndexedConcept | undefined {
    const k = key(system, code);
    if (set.excludeConcepts.has(k) || matchesAny(set.excludeFilters.get(system), system, code)) return undefined;
    const listed = set.concepts.get(k);
    if (listed) return listed;
    return matchesAny(set.includeFilters.get(system), system, code) ? { system, code } : undefined;
  }
}

/** The ids an index knows, once per index (an index is immutable after load). */
const knownIds = new WeakMap<ValueSetIndex, ReadonlySet<string>>();

/** Does the index hold a value set with this id (where `has` would not throw UnknownValueSetError)? */
export function isKnownValueSet(index: ValueSetIndex, valueSetId: string): boolean {
  let ids = knownIds.get(index);
  if (ids === undefined) {
    ids = new Set(index.ids());
    knownIds.set(index, ids);
  }
  return ids.has(valueSetId);
}

/**
 * `(id) => index.has(id, code)` for testing one code against many value sets. Perf (issue 7): with an index that
 * offers setsContaining, the ids containing each coding are looked up once and each test is a Set lookup
 * (an id the index does not know still goes to `has`, which throws as before); other indexes answer by has().
 */
export function membershipsOf(index: ValueSetIndex, code: Coding | CodeableConcept | undefined): (valueSetId: string) => boolean {
  if (index.setsContaining === undefined) return (valueSetId) => index.has(valueSetId, code);
  const containing = codingsOf(code).map((c) => index.setsContaining?.(c.system as string, c.code as string) ?? new Set<string>());
  return (valueSetId) => {
    if (!isKnownValueSet(index, valueSetId)) return index.has(valueSetId, code);
    for (const ids of containing) if (ids.has(valueSetId)) return true;
    return false;
  };
}

/** Build the index once from validated ValueSets (duplicate ids are reported by the loader before this). */
export function buildValueSetIndex(valueSets: readonly ValueSetJson[]): ValueSetIndex & Required<Pick<ValueSetIndex, 'concept' | 'setsContaining'>> {
  return new HashedValueSetIndex(new Map(valueSets.map((vs) => [vs.id, compile(vs)])));
}
