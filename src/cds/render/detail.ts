/**
 * The markdown detail of the primary card, written FROM the evidence (DESIGN: what the clinician reads is what
 * the code used): factors for anticoagulation, factors for serial imaging, bleeding risk, renal function, what
 * is missing, and the plan. Wording leaves the decision to the clinician.
 */
import type { Decision, Evidence, Facts } from '../../clinical/types';
import { formatEvidence, formatNumber } from '../../clinical/decide/format';
import type { AnticoagulationPlan } from '../../clinical/orders/anticoagulant-options';

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
  const factors = b.factors.length > 0 ? `: ${list(b.factors)}` : '';
  return `Bleeding risk: ${b.category} (CHEST count ${b.score}${factors})`;
}

/** The index scan as measured, whether or not a value crossed a threshold. */
export function findingsLine(facts: Facts): string | null {
  const e = facts.episode;
  if (!e) return null;
  const parts = [`${e.veinCount} vein${e.veinCount === 1 ? '' : 's'} (${[...new Set(e.veins.map((v) => v.vein))].join(', ') || 'not named'})`];
  parts.push(e.lengthCm !== null ? `length ${formatNumber(e.lengthCm)} cm` : 'length not recorded');
  parts.push(e.maxDiameterMm !== null ? `diameter ${formatNumber(e.maxDiameterMm)} mm` : 'diameter not recorded');
  if (e.distanceToProximalCm !== null) parts.push(`${formatNumber(e.distanceToProximalCm)} cm from the popliteal vein`);
  parts.push(`scan protocol ${e.protocol}`);
  return `Index scan ${e.diagnosedAt.slice(0, 10)}: ${parts.join(', ')}`;
}

export interface DetailInput {
  readonly facts: Facts;
  readonly decision: Decision;
  readonly plan: AnticoagulationPlan | null;
  /** The plan sentence for this code. */
  readonly planText: string;
  /** Show the two factor lists (management decisions for a new episode). */
  readonly showFactors: boolean;
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
  const missing = [...new Set([...decision.remarks, ...facts.missing])];
  if (missing.length > 0) lines.push(`**Notes and missing data:** ${missing.join('; ')}`);
  lines.push(`**Plan:** ${d.planText}`);
  lines.push('_Decision support only: the choice rests with the clinician and the patient._');
  return lines.map((l) => `- ${l}`).join('\n');
}
