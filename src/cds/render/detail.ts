/**
 * The markdown detail of the primary card, written FROM the evidence (DESIGN: what the clinician reads is what
 * the code used): factors for anticoagulation, factors for serial imaging, bleeding risk, renal function, what
 * is missing, and the plan. Wording leaves the decision to the clinician.
 */
import type { Decision, Evidence, Facts } from '../../clinical/types';
import { formatEvidence, formatNumber, groupNumbersIn } from '../../clinical/decide/format';
import type { AnticoagulationPlan } from '../../clinical/orders/anticoagulant-options';
import { veinWords } from './episode-words';

const list = (items: readonly Evidence[]): string => items.map(formatEvidence).join('; ');

export function renalLine(facts: Facts): string {
  const r = facts.renal;
  if (r.crclMlMin === null) return 'Renal function: CrCl not available (creatinine, weight or age missing)';
  const source = { 'cockcroft-gault': 'Cockcroft-Gault, actual weight', reported: 'reported', 'egfr-proxy': 'eGFR used as a proxy', missing: 'missing' }[r.source];
  const date = r.evidence?.date ? ` on ${r.evidence.date.slice(0, 10)}` : '';
  return `Renal function: CrCl ${formatNumber(Math.round(r.crclMlMin))} mL/min (${source})${date}`;
}

export function bleedingLine(facts: Facts): string {
  const b = facts.bleeding;
  const factors = b.factors.length > 0 ? ` — ${list(b.factors)}` : '';
  return `Bleeding risk: ${b.category}, CHEST count ${b.score}${factors}`;
}

const PROTOCOL_WORDS: Readonly<Record<string, string>> = {
  'whole-leg': 'whole-leg protocol', 'proximal-2-point': 'proximal 2-point protocol', limited: 'limited protocol', unknown: 'protocol not stated',
};

/** The index scan as measured, whether or not a value crossed a threshold. */
export function findingsLine(facts: Facts): string | null {
  const e = facts.episode;
  if (!e) return null;
  const measured = e.lengthCm !== null || e.maxDiameterMm !== null || e.distanceToProximalCm !== null || e.protocol !== 'unknown';
  const date = e.diagnosedAt.slice(0, 10);
  // No report behind the diagnosis: say so instead of a row of "not recorded".
  if (!measured) return `Diagnosis ${date}: ${veinWords(e)}; no ultrasound measurements found`;
  const named = new Set(e.veins.map((v) => v.vein)).size;
  const count = e.veinCount > named && e.veinCount > 1 ? ` (${e.veinCount} veins reported)` : '';
  const parts = [`${veinWords(e)}${count}`];
  parts.push(e.lengthCm !== null ? `length ${formatNumber(e.lengthCm)} cm` : 'length not recorded');
  parts.push(e.maxDiameterMm !== null ? `diameter ${formatNumber(e.maxDiameterMm)} mm` : 'diameter not recorded');
  if (e.distanceToProximalCm !== null) parts.push(`${formatNumber(e.distanceToProximalCm)} cm from the popliteal vein`);
  parts.push(PROTOCOL_WORDS[e.protocol] ?? e.protocol);
  return `Index scan ${date}: ${parts.join(', ')}`;
}

/** "D-dimer|missing", "Provocation|missing", "D-dimer|indeterminate": what a note is about, to say it once. */
function topicOf(line: string): string | null {
  const subject = /^(\S+)/.exec(line)?.[1]?.toLowerCase();
  if (subject === undefined) return null;
  if (/\bindeterminate\b/i.test(line)) return `${subject}|indeterminate`;
  if (/\bnot (recorded|computed|available)\b/i.test(line)) return `${subject}|missing`;
  return null;
}

/**
 * Decision remarks first (they say what the gap means for the advice), then the missing data they do not already
 * cover. CrCl gaps are left to the renal line, which says them already.
 */
export function notesAndMissing(facts: Facts, decision: Decision, includeMissing: boolean): string[] {
  const said = new Set<string>();
  const out: string[] = [];
  const add = (line: string): void => {
    const text = groupNumbersIn(line);
    const topic = topicOf(text);
    if (out.includes(text) || (topic !== null && said.has(topic))) return;
    if (topic !== null) said.add(topic);
    out.push(text);
  };
  if (facts.renal.crclMlMin === null) said.add('crcl|missing');
  decision.remarks.forEach(add);
  if (includeMissing) facts.missing.forEach(add);
  return out;
}

export interface DetailInput {
  readonly facts: Facts;
  readonly decision: Decision;
  readonly plan: AnticoagulationPlan | null;
  /** The plan sentence for this code. */
  readonly planText: string;
  /** Show the two factor lists (management decisions for a new episode). */
  readonly showFactors: boolean;
  /** List missing data (only where it can change the advice or the orders). */
  readonly showMissing: boolean;
}

export function primaryDetail(d: DetailInput): string {
  const { facts, decision } = d;
  const lines: string[] = [];
  const findings = findingsLine(facts);
  if (findings) lines.push(`**${findings.replace(': ', ':** ')}`);
  if (d.showFactors) {
    const severe = facts.evidence['severeSymptoms'];
    const favour = [...decision.extensionFactors, ...(facts.severeSymptoms || facts.episode?.severity === 'severe' ? [severe ?? { label: 'Severe symptoms' }] : [])];
    lines.push(`**Factors favouring anticoagulation:** ${favour.length > 0 ? list(favour) : 'none found'}`);
    lines.push(`**Factors favouring serial imaging:** ${decision.favoursSerial.length > 0 ? list(decision.favoursSerial) : 'none found'}`);
  }
  if (facts.bleeding.contraindications.length > 0) {
    lines.push(`**Contraindication to anticoagulation:** ${list(facts.bleeding.contraindications)}`);
  }
  lines.push(`**${bleedingLine(facts).replace(': ', ':** ')}`);
  lines.push(`**${renalLine(facts).replace(': ', ':** ')}`);
  if (d.plan && d.plan.excluded.length > 0) {
    lines.push(`**Not offered:** ${d.plan.excluded.map((e) => `${e.agent} (${e.reason})`).join('; ')}`);
  }
  const notes = notesAndMissing(facts, decision, d.showMissing);
  if (notes.length > 0) lines.push(`**Notes and missing data:** ${notes.join('; ')}`);
  lines.push(`**Plan:** ${d.planText}`);
  lines.push('_Decision support only: the choice rests with the clinician and the patient._');
  return lines.map((l) => `- ${l}`).join('\n');
}
