/**
 * What a clinician reads (RULES §5.7, card guidance): every card of every scenario through the HTTP service is
 * brief, says each fact once, writes numbers with thousands separators, and names the vein and side; evidence
 * reads as clinical phrases ("Age 67 y (> 65)"), not as label-value dumps.
 */
import type { Card } from '../../../src/cds/types';
import { postFixture } from '../../support/fixture-harness';
import { loadScenarioFixtures } from '../../support/fixture-load';
import { ICD, SCT, SIDE, VEIN, FINDINGS, attestation, chart, condition, dvtCondition, patient, platelets, run, scan } from './chart';

const fixtures = loadScenarioFixtures().map((l) => l.fixture);
const cardsById = new Map<string, readonly Card[]>();

beforeAll(async () => {
  for (const f of fixtures) {
    const { body } = await postFixture(f);
    cardsById.set(f.id, ((body as { cards?: Card[] }).cards ?? []));
  }
}, 120_000); // ~64 HTTP round trips on a shared machine: a bound, not a timing assertion

const allCards = (): [string, Card][] => [...cardsById].flatMap(([id, cards]) => cards.map((c) => [id, c] as [string, Card]));

/** The "Notes and missing data" items of a detail. */
function notes(detail: string): string[] {
  const line = detail.split('\n').find((l) => l.includes('Notes and missing data:'));
  return line ? line.replace(/^.*Notes and missing data:\*\*\s*/, '').split('; ') : [];
}

describe('card wording across every scenario', () => {
  it('ran every fixture', () => {
    expect(cardsById.size).toBe(fixtures.length);
    expect(allCards().length).toBeGreaterThan(40);
  });

  it('summaries are under 140 characters and never cut with an ellipsis', () => {
    for (const [id, c] of allCards()) {
      expect({ id, length: [...c.summary].length < 140, cut: c.summary.endsWith('…') }).toEqual({ id, length: true, cut: false });
    }
  });

  it('quantities of 1,000 and more carry thousands separators, in summaries and details alike', () => {
    for (const [id, c] of allCards()) {
      const text = `${c.summary}\n${c.detail ?? ''}\n${(c.suggestions ?? []).map((s) => s.label).join('\n')}`;
      expect({ id, bare: text.match(/(?<![\d,.\-/])\d{4,}(?:\.\d+)? ?(?:ng|mg|ug|µg|IU|mL)\b/g) ?? [] }).toEqual({ id, bare: [] });
    }
  });

  it('no remark or missing item is said twice (e.g. "Provocation not recorded")', () => {
    for (const [id, c] of allCards()) {
      const items = notes(c.detail ?? '');
      const topics = items.map((i) => /^(\S+) .*?\b(not recorded|indeterminate)\b/.exec(i)).filter((m) => m !== null).map((m) => `${m[1]}|${m[2]}`);
      expect({ id, duplicates: topics.filter((t, i) => topics.indexOf(t) !== i) }).toEqual({ id, duplicates: [] });
      expect({ id, repeated: items.filter((t, i) => items.indexOf(t) !== i) }).toEqual({ id, repeated: [] });
    }
  });

  it('no machine residue: undefined, NaN, null, [object, hyphenated vein ids or doubled parentheses', () => {
    for (const [id, c] of allCards()) {
      const text = `${c.summary}\n${c.detail ?? ''}`;
      expect({ id, residue: text.match(/undefined|NaN|\bnull\b|\[object|posterior-tibial|anterior-tibial|\)\s*\(/g) ?? [] }).toEqual({ id, residue: [] });
    }
  });

  it('every primary patient-view card about an episode names the vein and the side in its summary', () => {
    const SIDE_WORDS = /\b(right|left|both legs|bilateral)\b/;
    for (const f of fixtures.filter((x) => x.service === 'distal-dvt-patient-view')) {
      const primary = cardsById.get(f.id)?.[0];
      const code = primary?.source.topic?.code;
      // Not about a leg episode: a limited scan, an unknown vein, an arm DVT (X30).
      if (!primary || code === 'IMAGING_PROTOCOL_WARNING' || code === 'NEED_DETAIL' || primary.summary.startsWith('Upper-limb')) continue;
      expect({ id: f.id, summary: SIDE_WORDS.test(primary.summary) }).toEqual({ id: f.id, summary: true });
    }
  });

  it('evidence reads as phrases: "Age 67 y (> 65)", "Muscular calf veins only: gastrocnemius, right", "2 veins: peroneal + posterior tibial, left"', () => {
    const sc02 = cardsById.get('SC02')?.[0]?.detail ?? '';
    expect(sc02).toContain('Age 67 y (> 65)');
    expect(sc02).toContain('2 veins: peroneal + posterior tibial, left (≥ 2)');
    expect(sc02).toContain('Moderate bleeding risk (CHEST count 1)');
    expect(sc02).not.toMatch(/Age > 65 67/);
    const sc01 = cardsById.get('SC01')?.[0]?.detail ?? '';
    expect(sc01).toContain('Muscular calf veins only: gastrocnemius, right');
    expect(sc01).not.toMatch(/gastrocnemius \(right\) \(gastrocnemius/);
    const sc03 = cardsById.get('SC03')?.[0]?.detail ?? '';
    expect(sc03).toContain('Unprovoked (clinician-attested: no reversible provoking factor)');
    const sc12 = cardsById.get('SC12')?.[0]?.detail ?? '';
    expect(sc12).not.toMatch(/COVID-19 COVID-19/);
  });

  it('the confounded D-dimer note writes 2,600 in its summary (SC11)', () => {
    const note = cardsById.get('SC11')?.find((c) => c.source.topic?.code === 'DDIMER_CONFOUNDED_NOTE');
    expect(note?.summary).toContain('2,600 ng/mL FEU');
  });

  it('suggestions keep RULES §4 order and read as orders: the warfarin option names warfarin first, its bridge second', () => {
    const labels = (cardsById.get('SC02')?.[0]?.suggestions ?? []).map((s) => s.label);
    const agents = labels.map((l) => /^Start (\w+)/.exec(l)?.[1] ?? (l.startsWith('Instead: Serial duplex') ? 'serial' : '?'));
    expect(agents).toEqual(['apixaban', 'rivaroxaban', 'enoxaparin', 'enoxaparin', 'enoxaparin', 'warfarin', 'serial']);
    expect(labels[2]).toMatch(/then edoxaban/);
    expect(labels[3]).toMatch(/then dabigatran/);
    expect(labels[5]).toMatch(/^Start warfarin 5 mg daily with enoxaparin \d+ mg SC q12h/);
  });

  it('renal cautions of a lead-in say which agent they are about (X06, CrCl 24)', () => {
    const detail = cardsById.get('X06')?.[0]?.detail ?? '';
    expect(detail).toMatch(/warfarin: enoxaparin lead-in: CrCl 24 mL\/min \(Cockcroft-Gault\) < 30: given once daily/);
    expect(detail).not.toMatch(/warfarin: CrCl/);
  });

  it('a drug name is not repeated after its own label ("enoxaparin: enoxaparin dose not computed")', () => {
    for (const [id, c] of allCards()) {
      expect({ id, repeated: /(^|\n)- (\w+): \2\b/i.test(c.detail ?? '') }).toEqual({ id, repeated: false });
    }
  });

  it('"Avoid in pregnancy" (warfarin) appears only for pregnant or postpartum patients, and there it does (X26)', () => {
    const obstetric = new Set(fixtures.filter((f) => /"(77386006|86569001)"/.test(JSON.stringify(f.request.prefetch))).map((f) => f.id));
    const saying = allCards().filter(([, c]) => /Avoid in pregnancy/.test(c.detail ?? '')).map(([id]) => id);
    expect(saying.filter((id) => !obstetric.has(id))).toEqual([]);
    expect(saying).toContain('X26');
    expect(cardsById.get('SC02')?.[0]?.detail).toMatch(/- warfarin: Overlap with parenteral anticoagulation/);
  });

  it('a stop date already passed is not presented as the plan (X13, new DVT on long-running rivaroxaban)', () => {
    const detail = cardsById.get('X13')?.[0]?.detail ?? '';
    expect(detail).toMatch(/planned stop \(≈ 2025-01-01\) has passed/);
    expect(detail).not.toMatch(/loading phase ends 2024/);
  });
});

describe('summaries stay whole when the episode is long to name', () => {
  it('four veins on both legs + proximal extension + contraindication: the summary counts the veins instead of being cut', () => {
    const dvtLeft = condition('dvt-l', ICD, 'I82.452', { bodySite: [{ coding: [{ system: SCT, code: VEIN.peroneal }] }, { coding: [{ system: SCT, code: SIDE.left }] }] });
    const dvtLeft2 = condition('dvt-l2', ICD, 'I82.442', { bodySite: [{ coding: [{ system: SCT, code: VEIN.posteriorTibial }] }, { coding: [{ system: SCT, code: SIDE.left }] }] });
    const dvtRight = dvtCondition({ code: { coding: [{ system: ICD, code: 'I82.461' }] }, bodySite: [{ coding: [{ system: SCT, code: VEIN.gastrocnemius }] }, { coding: [{ system: SCT, code: SIDE.right }] }] });
    const dvtRight2 = condition('dvt-r2', ICD, 'I82.461', { bodySite: [{ coding: [{ system: SCT, code: VEIN.soleal }] }, { coding: [{ system: SCT, code: SIDE.right }] }] });
    const followUp = attestation('fu', 'extension-status', { valueCodeableConcept: { coding: [{ system: FINDINGS, code: 'proximal-extension' }] }, effectiveDateTime: '2025-03-11T10:00:00Z' });
    const r = run(chart({ dvt: dvtRight, scan: scan({}, null), platelets: platelets(30), patient: patient() }, [dvtLeft, dvtLeft2, dvtRight2, followUp]), { now: '2025-03-11T15:00:00Z' });
    const summary = r.cards[0]?.summary ?? '';
    expect(r.primary).toBe('ANTICOAGULATE_NOW_PROXIMAL_EXTENSION');
    expect([...summary].length).toBeLessThan(140);
    expect(summary.endsWith('…')).toBe(false);
    expect(summary).toMatch(/4 calf veins, both legs/);
  });
});
