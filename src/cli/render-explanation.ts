/**
 * `evaluate --explain`: the facts the engine extracted and the priority row (RULES §5.4) that decided, so an
 * informatics analyst can see *why* a card appeared (or did not).
 */
import type { Decision, EngineResult, Evidence, Facts } from '../clinical/types';

export function describeEvidence(evidence: Evidence): string {
  const value = evidence.value === undefined ? '' : ` ${String(evidence.value)}${evidence.unit ? ` ${evidence.unit}` : ''}`;
  const extras = [evidence.rule && `rule ${evidence.rule}`, evidence.date, evidence.source].filter(Boolean);
  return `${evidence.label}${value}${extras.length > 0 ? ` (${extras.join(', ')})` : ''}`;
}

function describeValue(value: unknown): string {
  if (value === null) return '—';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function renderFacts(facts: Facts): string[] {
  const lines = ['Facts:'];
  for (const [name, value] of Object.entries(facts)) {
    if (name === 'evidence' || name === 'missing') continue;
    lines.push(`  ${name}: ${describeValue(value)}`);
  }
  const evidence = Object.entries(facts.evidence);
  if (evidence.length > 0) {
    lines.push('Evidence:');
    for (const [name, item] of evidence) lines.push(`  ${name}: ${describeEvidence(item)}`);
  }
  if (facts.missing.length > 0) lines.push(`Missing: ${facts.missing.join('; ')}`);
  return lines;
}

function renderDecision(decision: Decision): string[] {
  const lines = [
    `Rule: ${decision.rule} → ${decision.primary ?? 'no card'}${decision.indicator ? ` (${decision.indicator})` : ''}`,
  ];
  if (decision.notes.length > 0) lines.push(`Notes: ${decision.notes.join(', ')}`);
  const list = (title: string, items: readonly Evidence[]): void => {
    if (items.length === 0) return;
    lines.push(`${title}:`, ...items.map((item) => `  - ${describeEvidence(item)}`));
  };
  list('Extension factors', decision.extensionFactors);
  list('Favouring serial imaging', decision.favoursSerial);
  if (decision.remarks.length > 0) lines.push('Remarks:', ...decision.remarks.map((r) => `  - ${r}`));
  return lines;
}

export function renderExplanation(result: EngineResult): string {
  const lines = ['', '── explanation ──'];
  lines.push(...(result.decision ? renderDecision(result.decision) : ['Rule: (the engine returned no decision)']));
  lines.push(...(result.facts ? renderFacts(result.facts) : ['Facts: (none extracted)']));
  if (result.adviceCodes.length > 0) lines.push(`Advice codes: ${result.adviceCodes.join(', ')}`);
  return lines.join('\n') + '\n';
}
