import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkKnowledge, KnowledgeError, loadKnowledge } from '../../../src/clinical/knowledge/load';
import { REQUIRED_VALUE_SET_IDS } from '../../../src/clinical/knowledge/value-set-ids';

/** A private copy of hooks/ that a test may break. */
function copyOfHooks(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'knowledge-'));
  fs.cpSync('hooks', dir, { recursive: true });
  return dir;
}

function editJson(file: string, edit: (data: Record<string, unknown>) => void): void {
  const data = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  edit(data);
  fs.writeFileSync(file, JSON.stringify(data));
}

describe('loadKnowledge', () => {
  const dirs: string[] = [];
  const broken = (): string => {
    const dir = copyOfHooks();
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  test('the shipped folder is valid and carries the RULES §7 defaults', () => {
    expect(checkKnowledge('hooks')).toEqual([]);
    const k = loadKnowledge('hooks');
    expect(k.thresholds.dDimerCutoffFeuNgMl).toBe(500);
    expect(k.thresholds.useAgeAdjustedDDimer).toBe(false);
    expect(k.thresholds.scan1).toEqual({ targetDay: 7, fromDay: 5, toDay: 9 });
    for (const id of REQUIRED_VALUE_SET_IDS) expect(k.valueSets.ids()).toContain(id);
    expect(k.sources.map((s) => s.id)).toEqual(expect.arrayContaining(['chest-2016', 'chest-2021', 'nccn-cat', 'blood-2020-pregnancy', 'masuda-2012', 'righini-2006']));
    for (const s of k.sources) expect(s.url).toMatch(/^https:\/\//);
    expect(k.anticoagulantIntent?.['enoxaparin']?.doseUnit).toBe('mg');
    expect(k['orders']).toBeDefined();
  });

  test('the knowledge folder itself (hooks/knowledge) is accepted too', () => {
    expect(checkKnowledge(path.join('hooks', 'knowledge'))).toEqual([]);
  });

  test('every problem is reported with its file and JSON pointer, not just the first', () => {
    const dir = broken();
    editJson(path.join(dir, 'knowledge/thresholds.json'), (t) => {
      t['lengthCm'] = 'five';
      delete t['episodeWindowDays'];
      t['lenghtCm'] = 5;
    });
    editJson(path.join(dir, 'knowledge/valuesets/ddimer-feu.json'), (vs) => {
      vs['id'] = 'ddimer-fue';
    });
    editJson(path.join(dir, 'knowledge/sources.json'), (s) => {
      (s['sources'] as { url: string }[])[0]!.url = 'http://insecure.example.org';
    });
    const problems = checkKnowledge(dir);
    expect(problems).toEqual(expect.arrayContaining([
      { file: 'knowledge/thresholds.json', pointer: '/lengthCm', message: 'must be number' },
      { file: 'knowledge/thresholds.json', pointer: '/episodeWindowDays', message: 'required property is missing' },
      { file: 'knowledge/thresholds.json', pointer: '/lenghtCm', message: 'unknown property (typo?)' },
      expect.objectContaining({ file: 'knowledge/valuesets/ddimer-feu.json', pointer: '/id' }),
      expect.objectContaining({ file: 'knowledge/sources.json', pointer: '/sources/0/url' }),
    ]));
    expect(() => loadKnowledge(dir)).toThrow(KnowledgeError);
    try {
      loadKnowledge(dir);
    } catch (err) {
      expect((err as KnowledgeError).problems).toEqual(problems);
      expect((err as Error).message).toContain('knowledge/thresholds.json /lengthCm: must be number');
    }
  });

  test('a value set the code requires but the folder lacks stops start-up', () => {
    const dir = broken();
    fs.rmSync(path.join(dir, 'knowledge/valuesets/vein-calf-muscular.json'));
    expect(checkKnowledge(dir)).toEqual([{
      file: 'knowledge/valuesets/vein-calf-muscular.json', pointer: '', message: "value set 'vein-calf-muscular' is required by the code but missing",
    }]);
    expect(checkKnowledge('hooks', ['a-set-another-module-needs'])).toEqual([
      expect.objectContaining({ message: "value set 'a-set-another-module-needs' is required by the code but missing" }),
    ]);
  });

  test('broken JSON, a bad regex filter and an unsupported filter op are problems, not crashes', () => {
    const dir = broken();
    fs.writeFileSync(path.join(dir, 'knowledge/valuesets/covid19.json'), '{ "resourceType": "ValueSet", ');
    editJson(path.join(dir, 'knowledge/valuesets/cancer-gu.json'), (vs) => {
      (vs['compose'] as { include: { filter: { value: string }[] }[] }).include[0]!.filter[0]!.value = '^C6[0-8';
    });
    editJson(path.join(dir, 'knowledge/valuesets/cancer-gastric.json'), (vs) => {
      (vs['compose'] as { include: { filter: { op: string }[] }[] }).include[0]!.filter[0]!.op = 'is-a';
    });
    const problems = checkKnowledge(dir);
    expect(problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ file: 'knowledge/valuesets/covid19.json', pointer: '', message: expect.stringContaining('not valid JSON') }),
      expect.objectContaining({ file: 'knowledge/valuesets/cancer-gu.json', pointer: '/compose/include/0/filter/0/value', message: expect.stringContaining('invalid regex') }),
      expect.objectContaining({ file: 'knowledge/valuesets/cancer-gastric.json', pointer: '/compose/include/0/filter/0/op' }),
    ]));
  });

  test('regimens, orders and dose-intent files are validated too', () => {
    const dir = broken();
    editJson(path.join(dir, 'knowledge/anticoagulant-intent.json'), (f) => {
      ((f['agents'] as Record<string, { rules: { intent: string }[] }>)['enoxaparin']!.rules[0]!).intent = 'maybe';
    });
    fs.rmSync(path.join(dir, 'knowledge/orders.json'));
    const problems = checkKnowledge(dir);
    expect(problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ file: 'knowledge/anticoagulant-intent.json', pointer: '/agents/enoxaparin/rules/0/intent' }),
      { file: 'knowledge/orders.json', pointer: '', message: 'file is missing' },
    ]));
  });

  test('card links name sources that exist; a site can relink an advice code in data', () => {
    const dir = broken();
    editJson(path.join(dir, 'knowledge/sources.json'), (f) => {
      (f['adviceLinks'] as Record<string, string[]>)['SERIAL_IMAGING'] = ['chest-2016', 'no-such-source'];
    });
    expect(checkKnowledge(dir)).toEqual([
      { file: 'knowledge/sources.json', pointer: '/adviceLinks/SERIAL_IMAGING/1', message: 'unknown source id "no-such-source"' },
    ]);
    editJson(path.join(dir, 'knowledge/sources.json'), (f) => {
      (f['adviceLinks'] as Record<string, string[]>)['SERIAL_IMAGING'] = ['masuda-2012'];
    });
    expect(loadKnowledge(dir).citations.adviceLinks['SERIAL_IMAGING']).toEqual(['masuda-2012']);
  });

  test('a site adds a local code to a value set without touching TypeScript', () => {
    const dir = broken();
    editJson(path.join(dir, 'knowledge/valuesets/ddimer-feu.json'), (vs) => {
      (vs['compose'] as { include: unknown[] }).include.push({ system: 'urn:example:lab', concept: [{ code: 'DDIM', display: 'D-dimer (local)' }] });
    });
    const k = loadKnowledge(dir);
    expect(k.valueSets.has('ddimer-feu', { coding: [{ system: 'urn:example:lab', code: 'DDIM' }] })).toBe(true);
  });
});
