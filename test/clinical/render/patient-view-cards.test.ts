/**
 * patient-view cards from hand-built Facts: what a clinician sees (summary, indicator, evidence lines, the
 * suggestions and their resources), and the CDS Hooks card rules (CONFORMANCE §3.7).
 */
import type { Card } from '../../../src/cds/types';
import type { Facts } from '../../../src/clinical/types';
import { patientViewDrafts } from '../../../src/clinical/decide/evaluate';
import { finaliseCards } from '../../../src/cds/finalise-cards';
import { ADVICE_CODES } from '../../../src/clinical/advice/codes';
import { dDimer, episode, facts, testKnowledge } from '../decide/helpers';
import adviceCodeSystem from '../../../hooks/knowledge/advice-codes.json';

const k = testKnowledge();
function cardsFor(overrides: Partial<Facts>, knowledge = k): Card[] {
  let n = 0;
  return finaliseCards(patientViewDrafts(facts(overrides), knowledge).cards, () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`);
}
const codes = (cards: Card[]): string[] => cards.map((c) => c.source.topic?.code ?? '');
const resourceCodes = (card: Card | undefined, i: number): string[] =>
  ((card?.suggestions?.[i]?.actions ?? []).flatMap((a) => (a.type === 'delete' ? [] : (a.resource as { code?: { coding?: { code?: string }[] }; medicationCodeableConcept?: { coding?: { code?: string }[] } }))))
    .flatMap((r) => (r.code?.coding ?? r.medicationCodeableConcept?.coding ?? []).map((c) => c.code ?? ''));

function expectSpecValid(cards: Card[]): void {
  const uuids = new Set<string>();
  for (const c of cards) {
    expect([...c.summary].length).toBeLessThan(140);
    expect(['info', 'warning', 'critical']).toContain(c.indicator);
    expect(c.source.topic?.system).toBe('urn:distal-dvt-cds:advice');
    uuids.add(c.uuid);
    if (c.suggestions) {
      expect(c.selectionBehavior).toBeDefined();
      if (c.selectionBehavior === 'at-most-one') expect(c.suggestions.filter((s) => s.isRecommended).length).toBeLessThanOrEqual(1);
      for (const s of c.suggestions) { uuids.add(s.uuid); expect(s.actions?.length).toBeGreaterThan(0); }
    }
    for (const r of c.overrideReasons ?? []) expect(r.display).toBeTruthy();
    for (const l of c.links ?? []) { expect(l.type).toBe('absolute'); expect(l.url).toMatch(/^https:\/\//); }
  }
  expect(uuids.size).toBe(cards.length + cards.reduce((n, c) => n + (c.suggestions?.length ?? 0), 0));
}

const SC02: Partial<Facts> = {
  ageYears: 67, weightKg: 84, provocation: 'unknown', dDimer: dDimer(1150, { date: '2025-03-04' }),
  renal: { crclMlMin: 71, source: 'cockcroft-gault' },
  bleeding: { contraindications: [], score: 1, category: 'moderate', factors: [{ label: 'Age', value: 67, rule: '> 65' }] },
  episode: episode({
    diagnosedAt: '2025-03-04', lengthCm: 6.5, veinCount: 2, muscularOnly: false, side: 'left',
    veins: [{ vein: 'peroneal', segment: 'distal', side: 'left', muscular: false, source: 'Condition/a' },
      { vein: 'posterior-tibial', segment: 'distal', side: 'left', muscular: false, source: 'Condition/b' }],
  }),
  evidence: {
    lengthGt5: { label: 'Thrombus length', value: 6.5, unit: 'cm', rule: '> 5 cm', date: '2025-03-04', source: 'Observation/len' },
    multipleVeins: { label: 'Calf veins involved', value: 2, rule: '≥ 2', date: '2025-03-04' },
  },
};

describe('patient-view cards', () => {
  it('SC01: serial imaging first and recommended (two ServiceRequests, one suggestion), apixaban alternative, notes after', () => {
    const cards = cardsFor({});
    expectSpecValid(cards);
    expect(codes(cards)).toEqual(['SERIAL_IMAGING', 'BILATERAL_SURVEILLANCE_NOTE', 'MUSCULAR_ONLY_NOTE']);
    const [primary] = cards;
    expect(primary?.summary).toBe('Isolated distal DVT (gastrocnemius, right): serial duplex suggested — no extension risk factor');
    expect(primary?.indicator).toBe('info');
    expect(primary?.selectionBehavior).toBe('at-most-one');
    const serial = primary?.suggestions?.[0];
    expect(serial?.isRecommended).toBe(true);
    expect(serial?.actions?.map((a) => (a.type === 'create' ? (a.resource as { occurrencePeriod?: unknown }).occurrencePeriod : null)))
      .toEqual([{ start: '2025-03-08', end: '2025-03-12' }, { start: '2025-03-15', end: '2025-03-19' }]);
    expect(resourceCodes(primary, 0)).toEqual(['93970', '39420-5', '93970', '39420-5']);
    expect(resourceCodes(primary, 1)).toEqual(['1364445']);
    expect(primary?.overrideReasons?.map((r) => r.code)).toEqual(['patient-preference', 'contraindication', 'already-arranged-elsewhere', 'not-applicable']);
    expect(primary?.detail).toContain('Factors favouring serial imaging');
  });

  it('SC02: anticoagulation card written from the evidence, moderate bleeding caution, serial alternative last', () => {
    const cards = cardsFor(SC02);
    expectSpecValid(cards);
    const [primary] = cards;
    expect(primary?.source.topic?.code).toBe('ANTICOAGULATE');
    expect(primary?.indicator).toBe('warning');
    expect(primary?.summary).toMatch(/^Isolated distal DVT \(peroneal \+ posterior tibial, left\): anticoagulation suggested \(3 months\)/);
    expect(primary?.detail).toContain('Thrombus length 6.5 cm (> 5 cm) on 2025-03-04');
    expect(primary?.detail).toContain('D-dimer markedly raised 1,150 ng/mL FEU');
    expect(primary?.detail).toContain('Moderate bleeding risk');
    expect(primary?.detail).toContain('CrCl 71 mL/min (Cockcroft-Gault');
    expect(primary?.detail).toContain('Provocation not recorded — not counted as unprovoked');
    const suggestions = primary?.suggestions ?? [];
    expect(suggestions[0]?.label).toBe('Start apixaban 10 mg BID × 7 d then 5 mg BID (3 months)');
    expect(suggestions[0]?.isRecommended).toBe(true);
    expect(suggestions.at(-1)?.label).toMatch(/^Instead: Serial duplex/);
    expect(primary?.links?.map((l) => l.url)).toContain('https://doi.org/10.1016/j.chest.2021.07.055');
  });

  it('SC11: SHARED_DECISION lists serial imaging first, none pre-selected, renal note; enoxaparin 70 mg from 854241', () => {
    const cards = cardsFor({
      weightKg: 74, inpatientOrRecentHosp: true, recentSurgery: true, episode: episode({ muscularOnly: false, lengthCm: 4 }),
      dDimer: dDimer(2600, { confounders: ['recent surgery'] }), renal: { crclMlMin: 47, source: 'cockcroft-gault' },
      bleeding: { contraindications: [], score: 2, category: 'high', factors: [{ label: 'Recent surgery' }, { label: 'Anaemia' }] },
    });
    expectSpecValid(cards);
    expect(codes(cards)).toEqual(['SHARED_DECISION', 'BILATERAL_SURVEILLANCE_NOTE', 'DDIMER_CONFOUNDED_NOTE', 'RENAL_DOSE_NOTE']);
    const s = cards[0]?.suggestions ?? [];
    expect(s[0]?.label).toMatch(/^Serial duplex/);
    expect(s.some((x) => x.isRecommended)).toBe(false);
    const agentsInOrder = s.slice(1).map((x) => ['apixaban', 'rivaroxaban', 'edoxaban', 'dabigatran', 'warfarin', 'enoxaparin'].find((a) => x.label.includes(` ${a} `) && a !== 'enoxaparin') ?? 'enoxaparin');
    expect(agentsInOrder).toEqual(['apixaban', 'rivaroxaban', 'edoxaban', 'dabigatran', 'enoxaparin', 'warfarin']);
    expect(s.find((x) => x.label.includes('edoxaban'))?.label).toContain('edoxaban 30 mg daily');
    const enox = s.find((x) => x.label.startsWith('Start enoxaparin 70 mg SC q12h ('));
    expect(resourceCodes(cards[0], s.indexOf(enox!))).toEqual(['854241']);
  });

  it('SC23: contraindication → serial imaging + haematology referral, no anticoagulant', () => {
    const cards = cardsFor({ bleeding: { contraindications: [{ label: 'Platelets', value: 38, unit: '×10⁹/L', rule: '< 50' }], score: 1, category: 'moderate', factors: [] }, dDimer: dDimer(900), episode: episode({ lengthCm: 5.5, muscularOnly: false }) });
    expectSpecValid(cards);
    const primary = cards[0];
    expect(primary?.source.topic?.code).toBe('CONTRAINDICATED_SERIAL_IMAGING');
    expect(primary?.detail).toContain('Platelets 38 ×10⁹/L (< 50)');
    const types = (primary?.suggestions ?? []).flatMap((s) => (s.actions ?? []).map((a) => (a.type === 'create' ? a.resource.resourceType : a.type)));
    expect(types).toEqual(['ServiceRequest', 'ServiceRequest', 'ServiceRequest']);
    expect(resourceCodes(primary, 1)).toEqual(['3457005']);
  });

  it('SC10: already anticoagulated → info with loading end and planned stop, no orders', () => {
    const cards = cardsFor({
      now: '2025-03-05T10:00:00Z', episode: episode({ diagnosedAt: '2025-03-01', muscularOnly: false }),
      anticoagulants: [{ agent: 'apixaban', intent: 'therapeutic', ref: 'MedicationRequest/m1', startedAt: '2025-03-01', rxcui: '1364445', dosageText: null, plannedEnd: null }],
    });
    expect(codes(cards)).toEqual(['ALREADY_ANTICOAGULATED']);
    expect(cards[0]?.indicator).toBe('info');
    expect(cards[0]?.suggestions).toBeUndefined();
    expect(cards[0]?.detail).toContain('loading phase ends 2025-03-07');
    expect(cards[0]?.detail).toContain('planned stop ≈ 2025-06-01 (3 months)');
  });

  it('pregnant on apixaban → critical swap card deleting the active order and creating enoxaparin', () => {
    const cards = cardsFor({ pregnant: true, weightKg: 78, anticoagulants: [{ agent: 'apixaban', intent: 'therapeutic', ref: 'MedicationRequest/m1', startedAt: '2025-03-03', rxcui: '1364445', dosageText: null, plannedEnd: null }] });
    const swap = cards.find((c) => c.source.topic?.code === 'AGENT_AVOID_IN_PREGNANCY');
    expect(swap?.indicator).toBe('critical');
    expect(swap?.suggestions?.[0]?.actions?.[0]).toEqual({ type: 'delete', description: 'Stop apixaban', resourceId: 'MedicationRequest/m1' });
    expect(resourceCodes(swap, 0)).toEqual(['854241']);
  });

  it('SC19: overdue surveillance → warning with an ASAP duplex; SC21: no episode → no card', () => {
    const cards = cardsFor({
      now: '2025-03-10T10:00:00Z', episode: episode({ diagnosedAt: '2025-02-20' }), followUps: [{ date: '2025-02-27', status: 'none', source: 'o' }],
      surveillancePlan: { chosenAt: '2025-02-20', scans: [{ ref: 'ServiceRequest/s2', status: 'active', windowStart: '2025-03-04', windowEnd: '2025-03-08', completed: false }] },
    });
    expect(codes(cards)).toEqual(['SURVEILLANCE_OVERDUE']);
    expect(cards[0]?.summary).toContain('2 days overdue');
    expect((cards[0]?.suggestions?.[0]?.actions?.[0] as { resource: { priority?: string } }).resource.priority).toBe('asap');
    expect(cardsFor({ episode: null })).toEqual([]);
  });

  it('weight missing → enoxaparin "dose by weight" and the card says why', () => {
    const cards = cardsFor({ pregnant: true, weightKg: null, missing: ['Weight not recorded'] });
    expect(cards[0]?.suggestions?.[0]?.label).toContain('dose by weight');
    expect(cards[0]?.detail).toContain('Weight not recorded');
  });

  it('bilateralSurveillance=false orders the affected leg (93971 + 39443-7)', () => {
    const cards = cardsFor({}, testKnowledge({ bilateralSurveillance: false }));
    expect(resourceCodes(cards[0], 0)).toEqual(['93971', '39443-7', '93971', '39443-7']);
  });
});

describe('advice CodeSystem', () => {
  it('hooks/knowledge/advice-codes.json lists every code the service uses, with display and definition', () => {
    const concepts = adviceCodeSystem.concept.map((c) => ({ code: c.code, display: c.display, definition: c.definition }));
    expect(concepts).toEqual(ADVICE_CODES.map((e) => ({ code: e.code, display: e.display, definition: e.definition })));
    expect(adviceCodeSystem.url).toBe('urn:distal-dvt-cds:advice');
  });
});
