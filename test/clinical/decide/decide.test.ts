/**
 * The priority table of RULES §5.4, row by row, on hand-built Facts (STYLE G4/G11), plus the §7 settled
 * decisions and the stackable notes. Each row names the RULES scenario it mirrors where there is one.
 */
import { decide } from '../../../src/clinical/decide';
import type { Facts } from '../../../src/clinical/types';
import { dDimer, episode, facts, testKnowledge } from './helpers';

const t = testKnowledge().thresholds;
const therapeuticApixaban = {
  agent: 'apixaban' as const, intent: 'therapeutic' as const, ref: 'MedicationRequest/m1', startedAt: '2025-03-01',
  rxcui: '1364445', dosageText: '10 mg BID × 7 d then 5 mg BID', plannedEnd: null,
};
const high = { contraindications: [], score: 2, category: 'high' as const, factors: [{ label: 'Recent surgery' }, { label: 'Anaemia' }] };
const moderate = { contraindications: [], score: 1, category: 'moderate' as const, factors: [{ label: 'Age > 65' }] };
const plan = (scans: NonNullable<Facts['surveillancePlan']>['scans']): Facts['surveillancePlan'] => ({ chosenAt: '2025-03-03', scans });

const rows: [string, Partial<Facts>, string | null, string, string | null][] = [
  ['P1 no episode, no limited scan → no card (SC21)', { episode: null }, null, 'P1', null],
  ['P2 proximal-only scan, no episode', { episode: null, limitedScan: { protocol: 'proximal-2-point', date: '2025-03-03', source: 'DiagnosticReport/r1' } }, 'IMAGING_PROTOCOL_WARNING', 'P2', 'warning'],
  ['P3 proximal DVT (SC20)', { episode: episode({ segment: 'proximal', muscularOnly: false }) }, 'OUT_OF_SCOPE', 'P3', 'info'],
  ['P3 PE in episode', { episode: episode({ pe: true }) }, 'OUT_OF_SCOPE', 'P3', 'info'],
  ['P3 upper-limb only', { episode: episode({ upperLimbOnly: true }) }, 'OUT_OF_SCOPE', 'P3', 'info'],
  ['P4 segment unknown (§7.16)', { episode: episode({ segment: 'unknown', veins: [] }) }, 'NEED_DETAIL', 'P4', 'info'],
  ['P5 proximal extension beats P3 (SC07)', { episode: episode({ segment: 'proximal' }), followUps: [{ date: '2025-03-10', status: 'proximal-extension', source: 'Observation/x' }] }, 'ANTICOAGULATE_NOW_PROXIMAL_EXTENSION', 'P5', 'critical'],
  ['P6 therapeutic anticoagulant (SC10)', { anticoagulants: [therapeuticApixaban] }, 'ALREADY_ANTICOAGULATED', 'P6', 'info'],
  ['P6 prophylactic dose is not anticoagulated (§7.15, SC11)', { anticoagulants: [{ ...therapeuticApixaban, agent: 'enoxaparin', intent: 'prophylactic' }] }, 'SERIAL_IMAGING', 'P17', 'info'],
  ['P7 contraindication beats extension factors (SC23)', { bleeding: { contraindications: [{ label: 'Platelets', value: 38 }], score: 1, category: 'moderate', factors: [] }, dDimer: dDimer(900), episode: episode({ lengthCm: 5.5 }) }, 'CONTRAINDICATED_SERIAL_IMAGING', 'P7', 'warning'],
  ['P8 distal extension', { followUps: [{ date: '2025-03-10', status: 'distal-extension', source: 'Observation/x' }] }, 'ANTICOAGULATE_DISTAL_EXTENSION', 'P8', 'warning'],
  ['P9 two negative scans (SC09)', { now: '2025-03-18T10:00:00Z', episode: episode({ diagnosedAt: '2025-03-04' }), surveillancePlan: plan([]), followUps: [{ date: '2025-03-11', status: 'none', source: 'o/1' }, { date: '2025-03-18', status: 'resolved', source: 'o/2' }] }, 'SURVEILLANCE_COMPLETE', 'P9', 'info'],
  ['P10 overdue (SC19), 2 days late → warning', {
    now: '2025-03-10T10:00:00Z', episode: episode({ diagnosedAt: '2025-02-20' }),
    followUps: [{ date: '2025-02-27', status: 'none', source: 'o/1' }],
    surveillancePlan: plan([
      { ref: 'ServiceRequest/s1', status: 'completed', windowStart: '2025-02-25', windowEnd: '2025-03-01', completed: true },
      { ref: 'ServiceRequest/s2', status: 'active', windowStart: '2025-03-04', windowEnd: '2025-03-08', completed: false },
    ]),
  }, 'SURVEILLANCE_OVERDUE', 'P10', 'warning'],
  ['P10 overdue > 7 days → critical (SC19 after 2025-03-15)', {
    now: '2025-03-16T10:00:00Z', episode: episode({ diagnosedAt: '2025-02-20' }),
    followUps: [{ date: '2025-02-27', status: 'none', source: 'o/1' }],
    surveillancePlan: plan([{ ref: 'ServiceRequest/s2', status: 'active', windowStart: '2025-03-04', windowEnd: '2025-03-08', completed: false }]),
  }, 'SURVEILLANCE_OVERDUE', 'P10', 'critical'],
  ['P11 plan in progress → info', { now: '2025-03-05T10:00:00Z', surveillancePlan: plan([{ ref: 'ServiceRequest/s1', status: 'active', windowStart: '2025-03-08', windowEnd: '2025-03-12', completed: false }]) }, 'SURVEILLANCE_IN_PROGRESS', 'P11', 'info'],
  ['P12 pregnancy (SC05)', { pregnant: true, dDimer: dDimer(1400, { confounders: ['pregnancy'] }) }, 'PREGNANCY_LMWH', 'P12', 'warning'],
  ['P12 postpartum ≤ 42 days', { postpartumDays: 30 }, 'PREGNANCY_LMWH', 'P12', 'warning'],
  ['P13 cancer ignores a high bleeding count (SC04, §7.3)', { activeCancer: { site: 'gi-luminal', metastatic: true, source: 'Condition/c' }, bleeding: { ...high, score: 4 } }, 'CANCER_ANTICOAGULATE', 'P13', 'warning'],
  ['P14 extension factor + high bleeding (SC11)', { inpatientOrRecentHosp: true, recentSurgery: true, bleeding: high }, 'SHARED_DECISION', 'P14', 'warning'],
  ['P15 long axial clot (SC02), moderate bleeding stays ANTICOAGULATE (§7.1)', { episode: episode({ lengthCm: 6.5, veinCount: 2, muscularOnly: false }), dDimer: dDimer(1150), provocation: 'unknown', bleeding: moderate }, 'ANTICOAGULATE', 'P15', 'warning'],
  ['P15 unprovoked + marked D-dimer beats muscular-only (SC03)', { provocation: 'unprovoked', dDimer: dDimer(1850) }, 'ANTICOAGULATE', 'P15', 'warning'],
  ['P15 COVID-19 (SC12)', { covid19: true, dDimer: dDimer(480) }, 'ANTICOAGULATE', 'P15', 'warning'],
  ['P15 severe symptoms alone (SC14)', { severeSymptoms: true }, 'ANTICOAGULATE', 'P15', 'warning'],
  ['P15 Condition.severity severe counts as severe (§7.10)', { episode: episode({ severity: 'severe' }) }, 'ANTICOAGULATE', 'P15', 'warning'],
  ['P15 bilateral counts as multiple veins', { episode: episode({ bilateral: true, side: 'bilateral' }) }, 'ANTICOAGULATE', 'P15', 'warning'],
  ['P15 near proximal ≤ 2 cm (§7.8)', { episode: episode({ distanceToProximalCm: 2 }) }, 'ANTICOAGULATE', 'P15', 'warning'],
  ['P15 diameter > 7 mm', { episode: episode({ maxDiameterMm: 8 }) }, 'ANTICOAGULATE', 'P15', 'warning'],
  ['P15 prior VTE', { priorVte: true }, 'ANTICOAGULATE', 'P15', 'warning'],
  ['P16 preference, low bleeding (SC15)', { preference: 'anticoagulation' }, 'ANTICOAGULATE_BY_PREFERENCE', 'P16', 'info'],
  ['P16 not with moderate bleeding → P17', { preference: 'anticoagulation', bleeding: moderate }, 'SERIAL_IMAGING', 'P17', 'info'],
  ['P17 low-risk gastrocnemius (SC01)', {}, 'SERIAL_IMAGING', 'P17', 'info'],
  ['§7.7 confounded positive D-dimer is not a factor', { dDimer: dDimer(2600, { confounders: ['recent surgery'] }) }, 'SERIAL_IMAGING', 'P17', 'info'],
  ['§7.9 unknown provocation is not unprovoked', { provocation: 'unknown' }, 'SERIAL_IMAGING', 'P17', 'info'],
  ['length exactly 5 cm is not > 5', { episode: episode({ lengthCm: 5 }) }, 'SERIAL_IMAGING', 'P17', 'info'],
];

describe('decide — RULES §5.4 priority table', () => {
  it.each(rows)('%s', (_name, overrides, primary, rule, indicator) => {
    const d = decide(facts(overrides), t);
    expect({ primary: d.primary, rule: d.rule, indicator: d.indicator }).toEqual({ primary, rule, indicator });
  });
});

describe('decide — evidence, remarks and notes', () => {
  it('SC02: lists the extension factors with their evidence, and says provocation was not recorded', () => {
    const d = decide(facts({ episode: episode({ lengthCm: 6.5, veinCount: 2, muscularOnly: false }), dDimer: dDimer(1150), provocation: 'unknown', bleeding: moderate }), t);
    expect(d.extensionFactors.map((e) => e.label)).toEqual(['D-dimer markedly raised', 'Thrombus length', 'Calf veins involved']);
    expect(d.favoursSerial.map((e) => e.label)).toContain('Moderate bleeding risk');
    expect(d.remarks).toContain('Provocation not recorded — not counted as unprovoked');
    expect(d.remarks.join(' ')).toMatch(/Moderate bleeding risk/);
  });

  it('uses the facts evidence when present (value, date, source)', () => {
    const e = { label: 'Thrombus length', value: 6.5, unit: 'cm', rule: '> 5 cm', date: '2025-03-04', source: 'Observation/len' };
    const d = decide(facts({ episode: episode({ lengthCm: 6.5 }), evidence: { lengthGt5: e } }), t);
    expect(d.extensionFactors).toEqual([e]);
  });

  it('D-dimer not recorded is said, not assumed negative', () => {
    const d = decide(facts({ dDimer: null }), t);
    expect(d.primary).toBe('SERIAL_IMAGING');
    expect(d.remarks.join(' ')).toMatch(/D-dimer not recorded/);
  });

  it('notes: SC01 → BILATERAL + MUSCULAR; SC04 → DDIMER_CONFOUNDED; prior VTE → RECURRENT review', () => {
    expect(decide(facts(), t).notes).toEqual(['BILATERAL_SURVEILLANCE_NOTE', 'MUSCULAR_ONLY_NOTE']);
    const sc04 = decide(facts({ activeCancer: { site: 'gi-luminal', metastatic: true, source: 'c' }, dDimer: dDimer(3100, { confounders: ['active cancer'] }), episode: episode({ muscularOnly: false }) }), t);
    expect(sc04.notes).toEqual(['DDIMER_CONFOUNDED_NOTE']);
    expect(decide(facts({ priorVte: true }), t).notes).toContain('RECURRENT_VTE_EXTENDED_REVIEW');
  });

  it('SHARED_DECISION carries the bilateral note (serial imaging listed first)', () => {
    expect(decide(facts({ recentSurgery: true, bleeding: high }), t).notes).toContain('BILATERAL_SURVEILLANCE_NOTE');
  });

  it('§7.17: a new DVT while on therapeutic anticoagulation → treatment-failure remark', () => {
    const d = decide(facts({ anticoagulants: [{ ...therapeuticApixaban, startedAt: '2025-01-10' }] }), t);
    expect(d.primary).toBe('ALREADY_ANTICOAGULATED');
    expect(d.remarks.join(' ')).toMatch(/possible treatment failure — review adherence and dose/);
  });

  it('pregnant patient on a DOAC → critical, with AGENT_AVOID_IN_PREGNANCY', () => {
    const d = decide(facts({ pregnant: true, anticoagulants: [therapeuticApixaban] }), t);
    expect(d.indicator).toBe('critical');
    expect(d.notes).toContain('AGENT_AVOID_IN_PREGNANCY');
  });
});

describe('decide — thresholds are configuration (RULES §7)', () => {
  it('SC17: D-dimer 650 positive with the fixed cut-off; the facts say negative under age adjustment → SERIAL_IMAGING', () => {
    const base = { ageYears: 74, bleeding: moderate };
    expect(decide(facts({ ...base, dDimer: dDimer(650) }), t).primary).toBe('ANTICOAGULATE');
    const adjusted = dDimer(650, { positive: false, marked: false, cutoffFeuNgMl: 740, cutoffSource: 'age-adjusted' });
    expect(decide(facts({ ...base, dDimer: adjusted }), { ...t, useAgeAdjustedDDimer: true }).primary).toBe('SERIAL_IMAGING');
  });

  it('lengthCm 3 turns a 4 cm clot into an extension factor', () => {
    const f = facts({ episode: episode({ lengthCm: 4 }) });
    expect(decide(f, t).primary).toBe('SERIAL_IMAGING');
    expect(decide(f, { ...t, lengthCm: 3 }).primary).toBe('ANTICOAGULATE');
  });

  it('overdueCriticalAfterDays moves the critical boundary', () => {
    const f = facts({
      now: '2025-03-12T10:00:00Z', episode: episode({ diagnosedAt: '2025-02-20' }), followUps: [{ date: '2025-02-27', status: 'none', source: 'o' }],
      surveillancePlan: plan([{ ref: 'ServiceRequest/s2', status: 'active', windowStart: '2025-03-04', windowEnd: '2025-03-08', completed: false }]),
    });
    expect(decide(f, t).indicator).toBe('warning');
    expect(decide(f, { ...t, overdueCriticalAfterDays: 3 }).indicator).toBe('critical');
  });
});
