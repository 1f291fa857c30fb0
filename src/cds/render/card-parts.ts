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

/** Which knowledge.sources each advice code links to (ids of hooks/knowledge/sources.json). */
const LINKS_BY_CODE: Readonly<Record<string, readonly string[]>> = {
  CANCER_ANTICOAGULATE: ['nccn-cat', 'chest-2021'],
  AGENT_CANCER_SITE_CAUTION: ['nccn-cat'],
  PREGNANCY_LMWH: ['blood-2020-pregnancy'],
  AGENT_AVOID_IN_PREGNANCY: ['blood-2020-pregnancy'],
  AGENT_AVOID_BREASTFEEDING: ['blood-2020-pregnancy'],
  MUSCULAR_ONLY_NOTE: ['masuda-2012', 'righini-2006'],
  BILATERAL_SURVEILLANCE_NOTE: ['masuda-2012', 'righini-2006'],
  DDIMER_CONFOUNDED_NOTE: ['rpth-2022-ddimer'],
  IMAGING_PROTOCOL_WARNING: ['righini-2006', 'chest-2016'],
};
const DEFAULT_LINKS = ['chest-2016', 'chest-2021'];

export function sourceFor(code: string, knowledge: Knowledge): Source {
  const rules = knowledge.sources.find((s) => s.id === 'chest-2021') ?? knowledge.sources[0];
  return {
    label: SOURCE_LABEL,
    ...(rules ? { url: rules.url } : {}),
    topic: { system: ADVICE_SYSTEM, code, display: adviceDisplay(code) },
  };
}

export function linksFor(code: string, knowledge: Knowledge): Link[] {
  const ids = LINKS_BY_CODE[code] ?? DEFAULT_LINKS;
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
