import { classifyIcdDvt } from '../../../src/clinical/facts/vein-classifier';

describe('ICD-10-CM leg-DVT classifier (RULES §2.2)', () => {
  test.each([
    ['I82.401', 'unspecified', 'unknown', false, 'right', 'acute'],
    ['I82.412', 'femoral', 'proximal', false, 'left', 'acute'],
    ['I82.423', 'iliac', 'proximal', false, 'bilateral', 'acute'],
    ['I82.439', 'popliteal', 'proximal', false, 'unknown', 'acute'],
    ['I82.441', 'tibial', 'distal', false, 'right', 'acute'],
    ['I82.452', 'peroneal', 'distal', false, 'left', 'acute'],
    ['I82.463', 'calf-muscular', 'distal', true, 'bilateral', 'acute'],
    ['I82.491', 'other', 'unknown', false, 'right', 'acute'],
    ['I82.4Y2', 'unspecified-proximal', 'proximal', false, 'left', 'acute'],
    ['I82.4Z9', 'unspecified-distal', 'distal', false, 'unknown', 'acute'],
    ['I82.562', 'calf-muscular', 'distal', true, 'left', 'chronic'],
    ['I82461', 'calf-muscular', 'distal', true, 'right', 'acute'],
    ['I80.12', 'femoral', 'proximal', false, 'left', 'acute'],
    ['I80.10', 'femoral', 'proximal', false, 'unknown', 'acute'],
    ['I80.213', 'iliac', 'proximal', false, 'bilateral', 'acute'],
    ['I80.221', 'popliteal', 'proximal', false, 'right', 'acute'],
    ['I80.232', 'tibial', 'distal', false, 'left', 'acute'],
    ['I80.241', 'peroneal', 'distal', false, 'right', 'acute'],
    ['I80.259', 'calf-muscular', 'distal', true, 'unknown', 'acute'],
    ['I80.291', 'other', 'unknown', false, 'right', 'acute'],
  ])('%s → %s / %s', (code, vein, segment, muscular, side, acuity) => {
    expect(classifyIcdDvt(code)).toEqual({ vein, segment, muscular, side, acuity });
  });

  test.each(['I82.81', 'I26.99', 'I82.621', 'C18.9', 'I82.4', 'I82.468'])('%s is not a leg-DVT code', (code) => {
    expect(classifyIcdDvt(code)).toBeNull();
  });
});
