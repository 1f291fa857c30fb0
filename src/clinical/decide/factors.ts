/**
 * RULES §5.2 derived flags: the extension factors that count (each with its evidence), severe symptoms, the
 * factors favouring serial imaging, and the remarks the card must make about what was not counted and why.
 * Thresholds are re-applied here (not only in facts) so that a site's threshold change moves the decision.
 */
import type { Thresholds } from '../knowledge/types';
import type { Evidence, Facts } from '../types';
import { formatNumber } from './format';

export interface DerivedFlags {
  readonly extensionFactors: readonly Evidence[];
  readonly severe: Evidence | null;
  readonly favoursSerial: readonly Evidence[];
  readonly remarks: readonly string[];
  readonly dDimerConfounded: boolean;
}

/** Evidence from facts under `key`, or a minimal one built from the raw value. */
function evidenceOf(facts: Facts, key: string, fallback: Evidence): Evidence {
  return facts.evidence[key] ?? fallback;
}

export function deriveFlags(facts: Facts, t: Thresholds): DerivedFlags {
  const factors: Evidence[] = [];
  const remarks: string[] = [];
  const episode = facts.episode;

  // D-dimer: positive (or marked) counts only when not confounded (RULES §3.2, §7.7).
  const dd = facts.dDimer;
  let dDimerConfounded = false;
  if (dd === null) {
    remarks.push('D-dimer not recorded (in the diagnostic window, before anticoagulation) — not counted');
  } else if (dd.positive === 'indeterminate') {
    remarks.push(`D-dimer ${dd.reported} indeterminate (no FEU/DDU basis or reference range) — not counted`);
  } else if (dd.positive && dd.confounders.length > 0) {
    dDimerConfounded = true;
    remarks.push(`D-dimer ${dd.reported} positive but confounded by ${dd.confounders.join(', ')} — not counted as an extension factor`);
  } else if (dd.positive) {
    const key = dd.marked ? 'dDimerMarked' : 'dDimerPositive';
    const cutoff = dd.cutoffFeuNgMl === null ? '' : `≥ ${dd.marked ? `${formatNumber(t.dDimerMarkedMultiple)} × ` : ''}${formatNumber(dd.cutoffFeuNgMl)}`;
    factors.push(evidenceOf(facts, key, {
      label: dd.marked ? 'D-dimer markedly raised' : 'D-dimer positive',
      value: dd.valueFeuNgMl ?? dd.reported,
      unit: dd.valueFeuNgMl === null ? undefined : 'ng/mL FEU',
      date: dd.date, source: dd.source, rule: cutoff || undefined,
    }));
  }

  if (episode) {
    if (episode.lengthCm !== null && episode.lengthCm > t.lengthCm) {
      factors.push(evidenceOf(facts, 'lengthGt5', { label: 'Thrombus length', value: episode.lengthCm, unit: 'cm', rule: `> ${formatNumber(t.lengthCm)} cm`, date: episode.diagnosedAt }));
    }
    if (episode.maxDiameterMm !== null && episode.maxDiameterMm > t.maxDiameterMm) {
      factors.push(evidenceOf(facts, 'diameterGt7', { label: 'Thrombus diameter', value: episode.maxDiameterMm, unit: 'mm', rule: `> ${formatNumber(t.maxDiameterMm)} mm`, date: episode.diagnosedAt }));
    }
    // multipleVeins = veinCount ≥ threshold or bilateral (RULES §5.2).
    if (episode.veinCount >= t.multipleVeinsCount || episode.bilateral) {
      factors.push(evidenceOf(facts, 'multipleVeins', {
        label: episode.bilateral ? 'Both legs involved' : 'Calf veins involved', value: episode.veinCount,
        rule: episode.bilateral ? 'bilateral' : `≥ ${t.multipleVeinsCount} veins`, date: episode.diagnosedAt,
      }));
    }
    if (episode.distanceToProximalCm !== null && episode.distanceToProximalCm <= t.nearProximalCm) {
      factors.push(evidenceOf(facts, 'nearProximal', { label: 'Distance to popliteal vein', value: episode.distanceToProximalCm, unit: 'cm', rule: `≤ ${formatNumber(t.nearProximalCm)} cm`, date: episode.diagnosedAt }));
    }
  }

  // RULES §7.15 decides "already anticoagulated" by dose: an active order whose dose cannot be read is neither
  // counted nor ignored silently — the clinician is told to check it before acting on this advice.
  for (const a of facts.anticoagulants.filter((x) => x.intent === 'unknown')) {
    remarks.push(`Active ${a.agent === 'unknown' ? 'anticoagulant' : a.agent} order (${a.ref}) with dose or frequency not readable — check whether it is a treatment dose before acting on this advice`);
  }

  // Unknown provocation is not "unprovoked" (RULES §7.9).
  if (facts.provocation === 'unprovoked') {
    factors.push(evidenceOf(facts, 'unprovoked', { label: 'Unprovoked (clinician-attested)' }));
  } else if (facts.provocation === 'unknown') {
    remarks.push('Provocation not recorded — not counted as unprovoked');
  }
  if (facts.activeCancer) {
    factors.push(evidenceOf(facts, 'activeCancer', { label: 'Active cancer', value: facts.activeCancer.site, source: facts.activeCancer.source }));
  }
  if (facts.priorVte) factors.push(evidenceOf(facts, 'priorVte', { label: 'Prior VTE' }));
  if (facts.inpatientOrRecentHosp) factors.push(evidenceOf(facts, 'inpatientOrRecentHosp', { label: 'Inpatient or recent hospitalisation', rule: `≤ ${t.hospitalisationWindowDays} days` }));
  if (facts.recentSurgery) factors.push(evidenceOf(facts, 'recentSurgery', { label: 'Recent surgery', rule: `≤ ${t.surgeryWindowDays} days` }));
  if (facts.covid19) factors.push(evidenceOf(facts, 'covid19', { label: 'COVID-19', rule: `≤ ${t.covidWindowDays} days` }));

  // Severe symptoms (RULES §7.10): attested, Condition.severity severe, or pain NRS ≥ threshold (from facts).
  const severe = facts.severeSymptoms || episode?.severity === 'severe'
    ? evidenceOf(facts, 'severeSymptoms', { label: 'Severe symptoms' })
    : null;

  // Factors favouring serial imaging (RULES §5.2; §7.1 moderate bleeding is listed here too).
  const favoursSerial: Evidence[] = [];
  if (episode?.muscularOnly) {
    favoursSerial.push(evidenceOf(facts, 'muscularOnly', { label: 'Confined to calf muscular veins', date: episode.diagnosedAt }));
  }
  if (facts.bleeding.category !== 'low') {
    favoursSerial.push({
      label: `${facts.bleeding.category === 'high' ? 'High' : 'Moderate'} bleeding risk`,
      rule: `CHEST count ${facts.bleeding.score}`,
    });
  }
  if (factors.length === 0 && severe === null) favoursSerial.push({ label: 'No extension risk factor' });
  if (facts.preference === 'serial-imaging') {
    favoursSerial.push(evidenceOf(facts, 'preference', { label: 'Patient prefers serial imaging' }));
  }

  return { extensionFactors: factors, severe, favoursSerial, remarks, dDimerConfounded };
}
