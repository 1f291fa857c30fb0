import { codeValue, condition, facts, finding, gastrocnemiusEpisode, patient, report, SIDE, VEIN, withThresholds } from './builders';

const NOW = '2025-03-10T12:00:00Z';

describe('episode and veins', () => {
  test('muscular-only gastrocnemius clot with its measurements from the index scan', () => {
    const f = facts(NOW, [
      patient('1980-01-01'),
      ...gastrocnemiusEpisode('2025-03-09'),
      finding('thrombus-length', '2025-03-09T09:00:00Z', { valueQuantity: { value: 28, unit: 'mm', code: 'mm' } }, { derivedFrom: [{ reference: 'DiagnosticReport/scan' }] }),
      finding('thrombus-max-diameter', '2025-03-09T09:00:00Z', { valueQuantity: { value: 0.5, unit: 'cm', code: 'cm' } }, { derivedFrom: [{ reference: 'DiagnosticReport/scan' }] }),
      finding('thrombus-distance-to-proximal', '2025-03-09T09:00:00Z', { valueQuantity: { value: 90, unit: 'mm', code: 'mm' } }, { derivedFrom: [{ reference: 'DiagnosticReport/scan' }] }),
    ]);
    expect(f.episode).toEqual(expect.objectContaining({
      conditionRef: 'Condition/dvt', diagnosedAt: '2025-03-09', segment: 'distal', muscularOnly: true, bilateral: false,
      veinCount: 1, side: 'right', lengthCm: 2.8, maxDiameterMm: 5, distanceToProximalCm: 9, protocol: 'whole-leg', pe: false,
    }));
    expect(f.episode?.veins).toEqual([{ vein: 'gastrocnemius', segment: 'distal', side: 'right', muscular: true, source: 'Condition/dvt' }]);
    expect(f.evidence['muscularOnly']).toBeDefined();
    expect(f.evidence['lengthGt5']).toBeUndefined();
    expect(f.evidence['episode']).toEqual(expect.objectContaining({ date: '2025-03-09', source: 'Condition/dvt', rule: 'I82.461' }));
  });

  test('length > 5 cm, diameter > 7 mm, distance ≤ 2 cm and two veins each fire with evidence; edges do not', () => {
    const scanFindings = (len: number, dia: number, dist: number) => [
      finding('thrombus-length', '2025-03-09', { valueQuantity: { value: len, code: 'cm' } }),
      finding('thrombus-max-diameter', '2025-03-09', { valueQuantity: { value: dia, code: 'mm' } }),
      finding('thrombus-distance-to-proximal', '2025-03-09', { valueQuantity: { value: dist, code: 'cm' } }),
    ];
    const twoVeins = [
      condition('I82.452', '2025-03-09', { vein: VEIN.peroneal }),
      condition('I82.442', '2025-03-09', { vein: VEIN.posteriorTibial }),
      report('39432-0', '2025-03-09'),
    ];
    const fired = facts(NOW, [...twoVeins, ...scanFindings(6.5, 8, 2)]);
    expect(fired.episode?.veinCount).toBe(2);
    expect(fired.episode?.side).toBe('left');
    for (const key of ['lengthGt5', 'diameterGt7', 'nearProximal', 'multipleVeins']) expect(fired.evidence[key]).toBeDefined();
    expect(fired.evidence['lengthGt5']).toEqual(expect.objectContaining({ value: 6.5, unit: 'cm', rule: '> 5 cm' }));

    const edges = facts(NOW, [...gastrocnemiusEpisode('2025-03-09'), ...scanFindings(5, 7, 2.1)]);
    for (const key of ['lengthGt5', 'diameterGt7', 'nearProximal', 'multipleVeins']) expect(edges.evidence[key]).toBeUndefined();
  });

  test('the length cut-off comes from knowledge: 4.5 cm fires at lengthCm 4, not at the default 5', () => {
    const records = [...gastrocnemiusEpisode('2025-03-09'), finding('thrombus-length', '2025-03-09', { valueQuantity: { value: 4.5, code: 'cm' } })];
    expect(facts(NOW, records).evidence['lengthGt5']).toBeUndefined();
    expect(facts(NOW, records, withThresholds({ lengthCm: 4 })).evidence['lengthGt5']).toEqual(expect.objectContaining({ rule: '> 4 cm' }));
  });

  test('bilateral codes make the episode bilateral and count a vein in each leg', () => {
    const f = facts(NOW, [condition('I82.463', '2025-03-09'), report('39420-5', '2025-03-09')]);
    expect(f.episode).toEqual(expect.objectContaining({ bilateral: true, side: 'bilateral', veinCount: 2, segment: 'distal' }));
    expect(f.evidence['multipleVeins']).toBeDefined();
  });

  test('I82.49-/I82.40- without vein detail → segment unknown; bodySite resolves it', () => {
    expect(facts(NOW, [condition('I82.491', '2025-03-09'), report('39443-7', '2025-03-09')]).episode?.segment).toBe('unknown');
    expect(facts(NOW, [condition('I82.401', '2025-03-09')]).missing).toContain('Vein-level detail (which calf vein) not recorded');
    const resolved = facts(NOW, [condition('I82.491', '2025-03-09', { vein: VEIN.peroneal })]);
    expect(resolved.episode?.segment).toBe('distal');
    expect(resolved.episode?.veins[0]).toEqual(expect.objectContaining({ vein: 'peroneal', side: 'right' }));
  });

  test('I82.4Z- needs a report or a named vein (RULES §7.16)', () => {
    expect(facts(NOW, [condition('I82.4Z1', '2025-03-09')]).episode?.segment).toBe('unknown');
    expect(facts(NOW, [condition('I82.4Z1', '2025-03-09'), report('39443-7', '2025-03-09')]).episode?.segment).toBe('distal');
  });

  test('a proximal vein at diagnosis makes the episode proximal; PE in the window is flagged', () => {
    const f = facts(NOW, [condition('I82.412', '2025-03-09'), condition('I82.452', '2025-03-09'), condition('I26.99', '2025-03-09')]);
    expect(f.episode?.segment).toBe('proximal');
    expect(f.episode?.pe).toBe(true);
  });

  test('a popliteal clot coded a week later is proximal extension, not proximal at diagnosis', () => {
    const f = facts('2025-03-10T15:00:00Z', [
      ...gastrocnemiusEpisode('2025-03-03'),
      condition('I82.431', '2025-03-10', { vein: VEIN.popliteal, side: SIDE.right, id: 'ext' }),
    ]);
    expect(f.episode?.segment).toBe('distal');
    expect(f.episode?.diagnosedAt).toBe('2025-03-03');
    expect(f.followUps).toEqual([{ date: '2025-03-10', status: 'proximal-extension', source: 'Condition/ext' }]);
  });

  test('the 30-day episode window: day 30 in, day 31 out', () => {
    expect(facts('2025-03-31T12:00:00Z', gastrocnemiusEpisode('2025-03-01')).episode).not.toBeNull();
    expect(facts('2025-04-01T12:00:00Z', gastrocnemiusEpisode('2025-03-01')).episode).toBeNull();
  });

  test('a chronic code alone is no episode, only prior VTE (SC21)', () => {
    const f = facts(NOW, [condition('I82.562', '2023-06-01')]);
    expect(f.episode).toBeNull();
    expect(f.priorVte).toBe(true);
    expect(f.evidence['priorVte']).toEqual(expect.objectContaining({ source: expect.stringMatching(/^Condition\//) }));
  });

  test('resolved or refuted DVT conditions do not start an episode', () => {
    expect(facts(NOW, [condition('I82.461', '2025-03-09', { status: 'resolved' })]).episode).toBeNull();
  });

  test('upper-limb DVT alone is an out-of-scope episode', () => {
    const f = facts(NOW, [condition('I82.621', '2025-03-09')]);
    expect(f.episode).toEqual(expect.objectContaining({ upperLimbOnly: true, segment: 'unknown' }));
  });

  test('a proximal-only scan without an episode is a limited scan; an imaging-protocol finding overrides the code', () => {
    const f = facts(NOW, [report('69399-4', '2025-03-09T08:00:00Z', 'cus')]);
    expect(f.episode).toBeNull();
    expect(f.limitedScan).toEqual({ protocol: 'proximal-2-point', date: '2025-03-09T08:00:00Z', source: 'DiagnosticReport/cus' });
    expect(f.evidence['limitedScan']).toBeDefined();
    const limited = facts(NOW, [
      { resourceType: 'DiagnosticReport', id: 'cpt', status: 'final', code: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '93971' }] }, effectiveDateTime: '2025-03-09' },
      finding('imaging-protocol', '2025-03-09', codeValue('limited'), { derivedFrom: [{ reference: 'DiagnosticReport/cpt' }] }),
    ]);
    expect(limited.limitedScan?.protocol).toBe('limited');
    expect(facts(NOW, [report('39420-5', '2025-03-09')]).limitedScan).toBeNull();
  });
});

describe('follow-ups and the surveillance plan', () => {
  const plan = (id: string, start: string, end: string, status = 'active') => ({
    resourceType: 'ServiceRequest', id, status, intent: 'order',
    code: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '93970' }] },
    occurrencePeriod: { start, end }, authoredOn: '2025-03-03', reasonReference: [{ reference: 'Condition/dvt' }],
  });

  test('scan 1 resulted, scan 2 pending; a day-7 result never completes scan 2', () => {
    const f = facts('2025-03-12T12:00:00Z', [
      ...gastrocnemiusEpisode('2025-03-03'),
      plan('s1', '2025-03-08', '2025-03-12'), plan('s2', '2025-03-15', '2025-03-19'),
      finding('extension-status', '2025-03-10T10:00:00Z', codeValue('none')),
    ]);
    expect(f.followUps).toEqual([{ date: '2025-03-10T10:00:00Z', status: 'none', source: expect.stringMatching(/^Observation\//) }]);
    expect(f.surveillancePlan).toEqual({
      chosenAt: '2025-03-03',
      scans: [
        { ref: 'ServiceRequest/s1', status: 'active', windowStart: '2025-03-08', windowEnd: '2025-03-12', completed: true },
        { ref: 'ServiceRequest/s2', status: 'active', windowStart: '2025-03-15', windowEnd: '2025-03-19', completed: false },
      ],
    });
  });

  test('no surveillance requests → no plan; draft requests are not a plan', () => {
    expect(facts(NOW, gastrocnemiusEpisode('2025-03-03')).surveillancePlan).toBeNull();
    expect(facts(NOW, [...gastrocnemiusEpisode('2025-03-03'), plan('d', '2025-03-08', '2025-03-12', 'draft')]).surveillancePlan).toBeNull();
  });

  test('an extension-status finding on the diagnosis day is not a follow-up', () => {
    const f = facts(NOW, [...gastrocnemiusEpisode('2025-03-03'), finding('extension-status', '2025-03-03T18:00:00Z', codeValue('none'))]);
    expect(f.followUps).toEqual([]);
  });
});
