/**
 * Robustness: DVT Conditions as real EHRs code them (RULES §2.1, §2.3, §7.16). Each variant must give a sensible
 * answer — the right advice code, or a card that says what is missing — never a crash.
 */
import { ICD, SCT, SIDE, VEIN, chart, clinical, condition, dvtCondition, run, scan, verification } from './chart';

const peronealRight = [{ coding: [{ system: SCT, code: VEIN.peroneal }] }, { coding: [{ system: SCT, code: SIDE.right }] }];

describe('DVT Condition variants', () => {
  it('the base chart (I82.451 + bodySite, short clot, negative D-dimer) is serial imaging', () => {
    const r = run(chart());
    expect(r.primary).toBe('SERIAL_IMAGING');
    expect(r.cards[0]?.summary).toContain('peroneal, right');
  });

  it.each(['128053003', '404223003'])('SNOMED %s only, with a vein bodySite: the vein decides (distal → serial imaging)', (code) => {
    const r = run(chart({ dvt: condition('dvt', SCT, code, { bodySite: peronealRight }) }));
    expect(r.primary).toBe('SERIAL_IMAGING');
    expect(r.facts?.episode?.segment).toBe('distal');
    expect(r.cards[0]?.summary).toContain('peroneal, right');
  });

  it('SNOMED 404223003 with a popliteal bodySite is proximal DVT → out of scope', () => {
    const r = run(chart({ dvt: condition('dvt', SCT, '404223003', { bodySite: [{ coding: [{ system: SCT, code: VEIN.popliteal }] }] }) }));
    expect(r.primary).toBe('OUT_OF_SCOPE');
  });

  it('SNOMED 128053003 without bodySite and without a report: NEED_DETAIL, the card asks for the vein', () => {
    const r = run(chart({ dvt: condition('dvt', SCT, '128053003'), scan: null }));
    expect(r.primary).toBe('NEED_DETAIL');
    expect(r.cards[0]?.summary).toMatch(/without the vein/);
  });

  it.each([
    ['I80.241', 'SERIAL_IMAGING', 'peroneal'],
    ['I80.231', 'SERIAL_IMAGING', 'tibial'],
    ['I80.251', 'SERIAL_IMAGING', ''],
    ['I80.221', 'OUT_OF_SCOPE', ''],
    ['I80.11', 'OUT_OF_SCOPE', ''],
  ])('phlebitis code %s is the acute DVT equivalent → %s', (code, expected, vein) => {
    const r = run(chart({ dvt: condition('dvt', ICD, code), scan: scan({}, null) }));
    expect(r.primary).toBe(expected);
    if (vein) expect(r.cards[0]?.summary).toContain(vein);
  });

  it.each(['I82451', 'i82.451'])('ICD written %s (VSAC style without the dot / lower case) is the same code', (code) => {
    expect(run(chart({ dvt: dvtCondition({ code: { coding: [{ system: ICD, code }] } }) })).primary).toBe('SERIAL_IMAGING');
  });

  it('I80.209 (unspecified deep vein) without bodySite or report: NEED_DETAIL', () => {
    expect(run(chart({ dvt: condition('dvt', ICD, 'I80.209'), scan: null })).primary).toBe('NEED_DETAIL');
  });

  it('I82.4Z1 with a peroneal bodySite: the bodySite names the vein → distal advice, not NEED_DETAIL', () => {
    const r = run(chart({ dvt: condition('dvt', ICD, 'I82.4Z1', { bodySite: peronealRight }) }));
    expect(r.primary).toBe('SERIAL_IMAGING');
    expect(r.cards[0]?.summary).toContain('peroneal');
  });

  it('I82.4Z1 with neither bodySite nor report: NEED_DETAIL (RULES §7.16)', () => {
    const r = run(chart({ dvt: condition('dvt', ICD, 'I82.4Z1'), scan: null }));
    expect(r.primary).toBe('NEED_DETAIL');
    expect(r.cards[0]?.summary).toMatch(/^Right leg DVT/);
  });

  it('I82.491 (other specified vein) with a gastrocnemius bodySite is muscular distal DVT', () => {
    const r = run(chart({ dvt: condition('dvt', ICD, 'I82.491', { bodySite: [{ coding: [{ system: SCT, code: VEIN.gastrocnemius }] }] }), scan: scan({}, null) }));
    expect(r.primary).toBe('SERIAL_IMAGING');
    expect(r.facts?.episode?.muscularOnly).toBe(true);
    expect(r.codes).toContain('MUSCULAR_ONLY_NOTE');
  });

  it('laterality inside the vein CodeableConcept (two codings in one bodySite) reads the same as separate bodySites', () => {
    const together = run(chart({ dvt: dvtCondition({ code: { coding: [{ system: ICD, code: 'I82.459' }] }, bodySite: [{ coding: [{ system: SCT, code: VEIN.peroneal }, { system: SCT, code: SIDE.left }] }] }) }));
    const apart = run(chart({ dvt: dvtCondition({ code: { coding: [{ system: ICD, code: 'I82.459' }] }, bodySite: [{ coding: [{ system: SCT, code: VEIN.peroneal }] }, { coding: [{ system: SCT, code: SIDE.left }] }] }) }));
    expect(together.primary).toBe('SERIAL_IMAGING');
    expect(together.facts?.episode?.side).toBe('left');
    expect(apart.facts?.episode?.side).toBe('left');
    expect(together.cards[0]?.summary).toBe(apart.cards[0]?.summary);
  });

  it('onsetPeriod instead of onsetDateTime dates the episode', () => {
    const r = run(chart({ dvt: dvtCondition({ onsetDateTime: undefined, onsetPeriod: { start: '2025-03-03', end: '2025-03-04' } }) }));
    expect(r.primary).toBe('SERIAL_IMAGING');
    expect(r.facts?.episode?.diagnosedAt.slice(0, 10)).toBe('2025-03-03');
  });

  it('only recordedDate (no onset) dates the episode', () => {
    const r = run(chart({ dvt: dvtCondition({ onsetDateTime: undefined, recordedDate: '2025-03-04' }) }));
    expect(r.primary).toBe('SERIAL_IMAGING');
    expect(r.facts?.episode?.diagnosedAt.slice(0, 10)).toBe('2025-03-04');
  });

  it('an old recordedDate outside the episode window: no acute episode, no card', () => {
    const r = run(chart({ dvt: dvtCondition({ onsetDateTime: undefined, recordedDate: '2024-06-01' }), scan: null }));
    expect(r.primary).toBeNull();
    expect(r.cards).toEqual([]);
  });

  it('clinicalStatus missing: still an acute DVT (the code and date say so)', () => {
    const r = run(chart({ dvt: dvtCondition({ clinicalStatus: undefined }) }));
    expect(r.primary).toBe('SERIAL_IMAGING');
  });

  it.each(['entered-in-error', 'refuted'])('verificationStatus %s: the Condition is ignored (no card)', (status) => {
    const r = run(chart({ dvt: dvtCondition({ verificationStatus: verification(status) }), scan: null }));
    expect(r.primary).toBeNull();
    expect(r.cards).toEqual([]);
  });

  it('a refuted DVT next to a confirmed one: the confirmed one decides', () => {
    const refuted = condition('dvt-ref', ICD, 'I82.431', { verificationStatus: verification('refuted') });
    const r = run(chart({}, [refuted]));
    expect(r.primary).toBe('SERIAL_IMAGING');
  });

  it('clinicalStatus resolved on an acute code within the window: no new advice is forced (no crash)', () => {
    const r = run(chart({ dvt: dvtCondition({ clinicalStatus: clinical('resolved') }) }));
    expect(r.cards.every((c) => c.summary.length < 140)).toBe(true);
  });

  it('a bilateral code (I82.463) without bodySite: both legs, multiple-veins factor', () => {
    const r = run(chart({ dvt: condition('dvt', ICD, 'I82.463') }));
    expect(r.facts?.episode?.bilateral).toBe(true);
    expect(r.primary).toBe('ANTICOAGULATE');
    expect(r.detail).toMatch(/both legs/i);
  });

  it('the scan report alone (no Condition) with findings does not invent a DVT', () => {
    const r = run(chart({ dvt: null }));
    expect(r.cards.filter((c) => c.indicator !== 'info' && c.source.topic?.code !== 'IMAGING_PROTOCOL_WARNING')).toEqual([]);
  });

  it('the report dated but the Condition coded on another day in the window: the episode still has its measurements', () => {
    const r = run(chart({ scan: scan({ effectiveDateTime: '2025-03-03T18:00:00Z' }) }));
    expect(r.facts?.episode?.lengthCm).toBe(3);
  });
});
