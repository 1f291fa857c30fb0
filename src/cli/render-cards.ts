/**
 * Cards as a clinician reads them in a terminal: indicator, summary, detail, then each suggestion with what it
 * would order (resource type, codes, dose, window). Plain text; markdown emphasis is stripped, lists kept.
 */
import type { CodeableConcept, FhirResource, MedicationRequest, ServiceRequest } from 'fhir/r4';
import type { Action, Card, Suggestion } from '../cds/types';

const SYSTEM_NAMES: Readonly<Record<string, string>> = {
  'http://www.nlm.nih.gov/research/umls/rxnorm': 'RxNorm',
  'http://loinc.org': 'LOINC',
  'http://snomed.info/sct': 'SNOMED',
  'http://www.ama-assn.org/go/cpt': 'CPT',
  'http://hl7.org/fhir/sid/icd-10-cm': 'ICD-10-CM',
};

const INDENT = '    ';

export function describeConcept(concept: CodeableConcept | undefined): string {
  if (concept === undefined) return '(no code)';
  const codings = concept.coding ?? [];
  const display = concept.text ?? codings.find((c) => c.display)?.display;
  const codes = codings
    .filter((c) => c.code !== undefined)
    .map((c) => `${(c.system && SYSTEM_NAMES[c.system]) ?? c.system ?? 'local'} ${c.code ?? ''}`);
  return [display, codes.length > 0 ? `[${codes.join(', ')}]` : undefined].filter(Boolean).join(' ') || '(no code)';
}

function describeMedicationRequest(resource: MedicationRequest): string[] {
  const lines = [`${resource.resourceType}: ${describeConcept(resource.medicationCodeableConcept)}`];
  for (const dosage of resource.dosageInstruction ?? []) {
    if (dosage.text) lines.push(`dose: ${dosage.text}`);
    const bounds = dosage.timing?.repeat?.boundsPeriod;
    if (bounds?.start || bounds?.end) {
      lines.push([bounds.start && `from ${bounds.start}`, bounds.end && `until ${bounds.end}`].filter(Boolean).join(' '));
    }
  }
  if (resource.dispenseRequest?.expectedSupplyDuration?.value !== undefined) {
    const d = resource.dispenseRequest.expectedSupplyDuration;
    lines.push(`supply: ${d.value} ${d.unit ?? d.code ?? ''}`.trimEnd());
  }
  return lines;
}

function describeServiceRequest(resource: ServiceRequest): string[] {
  const lines = [`${resource.resourceType}: ${describeConcept(resource.code)}`];
  if (resource.occurrencePeriod) {
    lines.push(`window: ${resource.occurrencePeriod.start ?? '?'} to ${resource.occurrencePeriod.end ?? '?'}`);
  } else if (resource.occurrenceDateTime) {
    lines.push(`when: ${resource.occurrenceDateTime}`);
  }
  if (resource.bodySite?.length) lines.push(`site: ${resource.bodySite.map(describeConcept).join('; ')}`);
  for (const note of resource.note ?? []) lines.push(`note: ${note.text}`);
  return lines;
}

export function describeResource(resource: FhirResource): string[] {
  switch (resource.resourceType) {
    case 'MedicationRequest':
      return describeMedicationRequest(resource);
    case 'ServiceRequest':
      return describeServiceRequest(resource);
    default:
      return [`${resource.resourceType}${resource.id ? `/${resource.id}` : ''}`];
  }
}

function describeAction(action: Action): string[] {
  if (action.type === 'delete') return [`delete ${action.resourceId} — ${action.description}`];
  const [first = '', ...rest] = describeResource(action.resource);
  return [`${action.type} ${first}${action.description ? ` — ${action.description}` : ''}`, ...rest.map((l) => `  ${l}`)];
}

/** Markdown as plain text: emphasis markers and link syntax removed, list items and line breaks kept. */
export function markdownToText(markdown: string): string {
  return markdown
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/__(.+?)__/g, '$1')
    .replace(/(^|[^*])\*(?!\s)(.+?)\*/g, '$1$2')
    .replace(/(^|[^\w])_(?!\s)(.+?)_(?!\w)/g, '$1$2')
    .replace(/\[([^\]]+)\]\((\S+?)\)/g, '$1 <$2>')
    .replace(/^#+\s*/gm, '');
}

function renderSuggestion(suggestion: Suggestion, index: number): string[] {
  const head = `${INDENT}${index + 1}. ${suggestion.label}${suggestion.isRecommended ? '  (recommended)' : ''}`;
  const actions = (suggestion.actions ?? []).flatMap(describeAction).map((l) => `${INDENT}   ${l}`);
  return [head, ...actions];
}

export function renderCard(card: Card): string {
  const code = card.source.topic?.code;
  const lines = [`[${card.indicator.toUpperCase()}] ${card.summary}`];
  lines.push(`${INDENT}advice: ${code ?? '(no topic)'}  ·  source: ${card.source.label}${card.source.url ? ` <${card.source.url}>` : ''}`);
  if (card.detail) {
    lines.push('');
    for (const line of markdownToText(card.detail).split('\n')) lines.push(line.trim() === '' ? '' : `${INDENT}${line}`);
  }
  const suggestions = card.suggestions ?? [];
  if (suggestions.length > 0) {
    lines.push('', `${INDENT}Suggestions${card.selectionBehavior === 'at-most-one' ? ' (choose at most one)' : ''}:`);
    suggestions.forEach((s, i) => lines.push(...renderSuggestion(s, i)));
  }
  if (card.links?.length) {
    lines.push('', `${INDENT}Links:`);
    for (const link of card.links) lines.push(`${INDENT}  - ${link.label} <${link.url}>${link.type === 'smart' ? ' (SMART app)' : ''}`);
  }
  if (card.overrideReasons?.length) {
    lines.push('', `${INDENT}Override reasons: ${card.overrideReasons.map((r) => r.display ?? r.code).join('; ')}`);
  }
  return lines.join('\n');
}

export function renderCards(cards: readonly Card[]): string {
  if (cards.length === 0) return 'No cards: the service has no advice for this patient at this time.\n';
  const header = `${cards.length} card${cards.length === 1 ? '' : 's'}`;
  return [header, ...cards.map((card) => `\n${renderCard(card)}`)].join('\n') + '\n';
}
