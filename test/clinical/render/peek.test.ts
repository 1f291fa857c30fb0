import { patientViewDrafts } from '../../../src/clinical/decide/evaluate';
import { finaliseCards } from '../../../src/cds/finalise-cards';
import { dDimer, episode, facts, testKnowledge } from '../decide/helpers';
it('peek', () => {
  let n = 0;
  const k = testKnowledge();
  const f = facts({ weightKg: 84, ageYears: 67, sex: 'male', episode: episode({ lengthCm: 6.5, veinCount: 2, muscularOnly: false, side: 'left', veins: [
    { vein: 'peroneal', segment: 'distal', side: 'left', muscular: false, source: 'Condition/a' },
    { vein: 'posterior-tibial', segment: 'distal', side: 'left', muscular: false, source: 'Condition/b' }] }),
    dDimer: dDimer(1150), provocation: 'unknown', bleeding: { contraindications: [], score: 1, category: 'moderate', factors: [{ label: 'Age', value: 67, rule: '> 65' }] },
    renal: { crclMlMin: 71, source: 'cockcroft-gault' } });
  const cards = finaliseCards(patientViewDrafts(f, k).cards, () => `id-${++n}`);
  console.log(JSON.stringify(cards, null, 1).slice(0, 9000));
  const c1 = finaliseCards(patientViewDrafts(facts(), k).cards, () => `id-${++n}`);
  console.log(c1.map((c) => `${c.summary}\n${c.detail}\n${(c.suggestions ?? []).map((s) => s.label).join('\n')}`).join('\n----\n'));
});
