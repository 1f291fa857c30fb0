/**
 * The RULES §6 development scenarios, through extractFacts only: the facts each row of the table depends on.
 * (The fixtures are written by the scenario work; the full HTTP assertions live with them.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { extractFacts } from '../../../src/clinical/facts';
import type { Facts } from '../../../src/clinical/types';
import { buildPatientRecord } from '../../../src/fhir/record';
import { knowledge } from './builders';

interface Scenario { now: string; service: string; request: { hook: 'patient-view'; context: { patientId: string }; prefetch?: Record<string, unknown> } }

const DIR = 'fhir-fixtures/scenarios';
const available = fs.existsSync(DIR) ? fs.readdirSync(DIR) : [];

function factsOf(id: string): Facts {
  const file = available.find((f) => f.startsWith(`${id}-`));
  if (!file) throw new Error(`scenario ${id} not found`);
  const s = JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8')) as Scenario;
  const patientId = s.request.context.patientId;
  return extractFacts({
    hook: s.request.hook, serviceId: s.service, patientId, now: new Date(s.now),
    record: buildPatientRecord(patientId, Object.values(s.request.prefetch ?? {})),
  }, knowledge);
}

const describeIfFixtures = available.length > 0 ? describe : describe.skip;

describeIfFixtures('RULES §6 scenarios: facts', () => {
  test('SC01: muscular-only, D-dimer 420 negative, low bleeding, minor provocation', () => {
    const f = factsOf('SC01');
    expect(f.episode).toEqual(expect.objectContaining({ segment: 'distal', muscularOnly: true, veinCount: 1, protocol: 'whole-leg' }));
    expect(f.dDimer).toEqual(expect.objectContaining({ valueFeuNgMl: 420, positive: false }));
    expect(f.bleeding.category).toBe('low');
    expect(f.provocation).toBe('provoked-transient-minor');
  });

  test('SC02: 6.5 cm, two veins, D-dimer 1,150 positive, CrCl ≈ 71, age point → moderate', () => {
    const f = factsOf('SC02');
    expect(f.episode).toEqual(expect.objectContaining({ lengthCm: 6.5, veinCount: 2, muscularOnly: false }));
    expect(Math.round(f.renal.crclMlMin ?? 0)).toBe(71);
    expect(f.bleeding).toEqual(expect.objectContaining({ score: 1, category: 'moderate' }));
    for (const key of ['lengthGt5', 'multipleVeins', 'dDimerPositive']) expect(f.evidence[key]).toBeDefined();
  });

  test('SC04: active metastatic luminal-GI cancer; D-dimer confounded by cancer; CHEST count 4', () => {
    const f = factsOf('SC04');
    expect(f.activeCancer).toEqual(expect.objectContaining({ site: 'gi-luminal', metastatic: true }));
    expect(f.dDimer?.confounders).toContain('active cancer');
    expect(f.bleeding.score).toBe(4);
  });

  test('SC05: pregnant, gastrocnemius, D-dimer confounded by pregnancy', () => {
    const f = factsOf('SC05');
    expect(f.pregnant).toBe(true);
    expect(f.episode?.muscularOnly).toBe(true);
    expect(f.dDimer?.confounders).toContain('pregnancy');
  });

  test('SC07: proximal extension on day 7 while the diagnosis stays distal', () => {
    const f = factsOf('SC07');
    expect(f.episode?.segment).toBe('distal');
    expect(f.followUps.map((x) => x.status)).toContain('proximal-extension');
  });

  test('SC09 and SC19: surveillance complete vs overdue', () => {
    expect(factsOf('SC09').surveillancePlan?.scans.every((s) => s.completed)).toBe(true);
    const overdue = factsOf('SC19').surveillancePlan?.scans ?? [];
    expect(overdue.map((s) => s.completed)).toEqual([true, false]);
    expect(overdue[1]).toEqual(expect.objectContaining({ windowStart: '2025-03-04', windowEnd: '2025-03-08' }));
  });

  test('SC10: apixaban started in the ED is therapeutic', () => {
    expect(factsOf('SC10').anticoagulants).toEqual([expect.objectContaining({ agent: 'apixaban', intent: 'therapeutic' })]);
  });

  test('SC11: enoxaparin 40 mg daily is prophylactic; inpatient + recent surgery; bleeding high; D-dimer confounded', () => {
    const f = factsOf('SC11');
    expect(f.anticoagulants).toEqual([expect.objectContaining({ agent: 'enoxaparin', intent: 'prophylactic' })]);
    expect(f.inpatientOrRecentHosp && f.recentSurgery).toBe(true);
    expect(f.bleeding).toEqual(expect.objectContaining({ score: 2, category: 'high' }));
    expect(f.dDimer?.confounders).toContain('recent surgery');
    expect(Math.round(f.renal.crclMlMin ?? 0)).toBe(47);
  });

  test('SC12, SC14, SC15: COVID-19, severe symptoms, preference', () => {
    expect(factsOf('SC12').covid19).toBe(true);
    expect(factsOf('SC14').severeSymptoms).toBe(true);
    expect(factsOf('SC15').preference).toBe('anticoagulation');
  });

  test('SC17: age 74, D-dimer 650 positive at the fixed cut-off, moderate bleeding', () => {
    const f = factsOf('SC17');
    expect(f.ageYears).toBe(74);
    expect(f.dDimer).toEqual(expect.objectContaining({ valueFeuNgMl: 650, positive: true, cutoffFeuNgMl: 500 }));
    expect(f.bleeding.category).toBe('moderate');
  });

  test('SC20: proximal at diagnosis; SC21: no episode, prior VTE; SC23: platelets 38 contraindicate', () => {
    expect(factsOf('SC20').episode?.segment).toBe('proximal');
    const sc21 = factsOf('SC21');
    expect(sc21.episode).toBeNull();
    expect(sc21.priorVte).toBe(true);
    expect(factsOf('SC23').bleeding.contraindications.map((c) => c.label)).toEqual(['Platelets']);
  });
});
