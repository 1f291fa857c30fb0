/**
 * Recognising an anticoagulant by name when a medication carries no RxNorm code at all ("Eliquis 5 mg" as free
 * text, or a local formulary code with a display), issue 4 §1 "whether coded by ingredient, brand or product".
 *
 * The names are data: the agent's own name (the value-set suffix, an INN) plus every display of its
 * `anticoagulant-<agent>` value set that is a plain name (no digits: ingredients, salts, brands such as "Eliquis",
 * "Jantoven", "warfarin sodium"). A site adds a local brand by adding a concept to that value set. Matching is
 * case-insensitive on whole words of `CodeableConcept.text` and the codings' displays. A concept that names two
 * agents ("enoxaparin bridge to warfarin") is not guessed at: it stays unrecognised.
 *
 * Only for concepts without an RxNorm code: an RxNorm code outside the value sets is authoritative (not an
 * anticoagulant), whatever its text says.
 */
import type { CodeableConcept } from 'fhir/r4';
import type { AgentId } from '../types';
import type { ValueSetIndex } from './types';
import { ANTICOAGULANT_AGENTS, anticoagulantValueSetId } from './value-set-ids';

const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';

type NamePatterns = readonly { readonly agent: AgentId; readonly pattern: RegExp }[];
const compiled = new WeakMap<ValueSetIndex, NamePatterns>();

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function patternsFor(index: ValueSetIndex): NamePatterns {
  const cached = compiled.get(index);
  if (cached) return cached;
  const patterns = ANTICOAGULANT_AGENTS.map((agent) => {
    const displays = index.codes(anticoagulantValueSetId(agent)).map((c) => c.display)
      .filter((d): d is string => typeof d === 'string' && d.trim() !== '' && !/[\d{}]/.test(d));
    const names = [...new Set([agent, ...displays].map((n) => n.trim().toLowerCase()))].sort((a, b) => b.length - a.length);
    return { agent, pattern: new RegExp(`(?:^|[^a-z])(?:${names.map(escape).join('|')})(?:[^a-z]|$)`, 'i') };
  });
  compiled.set(index, patterns);
  return patterns;
}

/** The one agent a code-less medication concept names, or null (no name, or more than one agent named). */
export function agentByName(concept: CodeableConcept, index: ValueSetIndex): AgentId | null {
  const codings = Array.isArray(concept.coding) ? concept.coding : [];
  if (codings.some((c) => c?.system === RXNORM && typeof c.code === 'string' && c.code !== '')) return null;
  const texts = [concept.text, ...codings.map((c) => c?.display)].filter((t): t is string => typeof t === 'string' && t !== '');
  if (texts.length === 0) return null;
  const named = patternsFor(index).filter((p) => texts.some((t) => p.pattern.test(t))).map((p) => p.agent);
  return named.length === 1 ? (named[0] as AgentId) : null;
}
