/**
 * Parts every card shares: the source (label, url, advice topic), guideline links from knowledge.sources, the
 * coded override reasons, and small action builders.
 */
import type { FhirResource } from 'fhir/r4';
import type { Knowledge } from '../../clinical/knowledge/types';
import { adviceDisplay } from '../../clinical/advice/codes';
import { ADVICE_SYSTEM, type Action, type Coding, type Link, type Source } from '../types';

export const SOURCE_LABEL = 'Distal DVT CDS (CHEST 2016/2021-based rules)';
export const OVERRIDE_REASON_SYSTEM = 'urn:distal-dvt-cds:override-reason';

export const OVERRIDE_REASONS: readonly Coding[] = [
  { system: OVERRIDE_REASON_SYSTEM, code: 'patient-preference', display: 'Patient preference' },
  { system: OVERRIDE_REASON_SYSTEM, code: 'contraindication', display: 'Contraindication' },
  { system: OVERRIDE_REASON_SYSTEM, code: 'already-arranged-elsewhere', display: 'Already arranged elsewhere' },
  { system: OVERRIDE_REASON_SYSTEM, code: 'not-applicable', display: 'Not applicable to this patient' },
];

export function sourceFor(code: string, knowledge: Knowledge): Source {
  const rules = knowledge.sources.find((s) => s.id === 'chest-2021') ?? knowledge.sources[0];
  return {
    label: SOURCE_LABEL,
    ...(rules ? { url: rules.url } : {}),
    topic: { system: ADVICE_SYSTEM, code, display: adviceDisplay(code) },
  };
}

export function linksFor(code: string, knowledge: Knowledge): Link[] {
  const ids = knowledge.citations.adviceLinks[code] ?? knowledge.citations.defaultLinks;
  return ids
    .map((id) => knowledge.sources.find((s) => s.id === id))
    .filter((s): s is Knowledge['sources'][number] => s !== undefined && /^https?:\/\//.test(s.url))
    .map((s) => ({ label: s.label, url: s.url, type: 'absolute' as const }));
}

export function create(description: string, resource: FhirResource): Action {
  return { type: 'create', description, resource };
}

export function remove(description: string, resourceId: string): Action {
  return { type: 'delete', description, resourceId };
}

export function update(description: string, resource: FhirResource): Action {
  return { type: 'update', description, resource };
}
