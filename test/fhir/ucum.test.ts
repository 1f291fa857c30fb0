import { basisAnnotationOf, convertValue, parseUnit, quantityIn } from '../../src/fhir/ucum';

describe('UCUM conversions used by the facts', () => {
  test.each([
    [1.15, 'mg/L', 'ng/mL', 1150],
    [1.15, 'mg/L{FEU}', 'ng/mL', 1150],
    [0.65, 'ug/mL', 'ng/mL', 650],
    [0.65, 'µg/mL', 'ng/mL', 650],
    [0.65, 'μg/mL', 'ng/mL', 650],
    [0.65, 'mcg/mL', 'ng/mL', 650],
    [420, 'ug/L', 'ng/mL', 420],
    [88.4, 'umol/L', 'mg/dL', 1],
    [154, '[lb_av]', 'kg', 69.853],
    [154, 'lb', 'kg', 69.853],
    [70000, 'g', 'kg', 70],
    [65, 'mm', 'cm', 6.5],
    [0.7, 'cm', 'mm', 7],
    [50, '10*3/uL', '10*9/L', 50],
    [50, 'K/uL', '10*9/L', 50],
    [132, 'g/L', 'g/dL', 13.2],
  ])('%p %s → %s', (value, from, to, expected) => {
    const mw = from === 'umol/L' ? 113.12 : undefined;
    expect(convertValue(value, from, to, mw)).toBeCloseTo(expected, 2);
  });

  test('a platelet count of exactly 50 ×10³/µL is not below 50 ×10⁹/L (no floating-point drift)', () => {
    expect(convertValue(50, '10*3/uL', '10*9/L')).toBe(50);
  });

  test('haemoglobin mmol/L converts with the molecular weight from knowledge', () => {
    expect(convertValue(8.2, 'mmol/L', 'g/dL', 16114.5)).toBeCloseTo(13.2, 1);
    expect(convertValue(8.2, 'mmol/L', 'g/dL')).toBeNull();
  });

  test('unknown or incompatible units give null, never a guess', () => {
    expect(convertValue(1, 'furlongs', 'ng/mL')).toBeNull();
    expect(convertValue(1, 'mg/dL', 'kg')).toBeNull();
    expect(convertValue(1, undefined, 'kg')).toBeNull();
    expect(quantityIn({ value: 5 }, 'kg')).toBeNull();
    expect(quantityIn({ value: 'five', unit: 'kg' }, 'kg')).toBeNull();
  });

  test('annotations {FEU}/{DDU} are stripped and returned as the basis', () => {
    expect(parseUnit('ng/mL{FEU}')).toEqual({ code: 'ng/mL', annotation: 'FEU' });
    expect(parseUnit('ug/mL{DDU}')).toEqual({ code: 'ug/mL', annotation: 'DDU' });
    expect(parseUnit('µg/mL FEU')).toEqual({ code: 'ug/mL', annotation: 'FEU' });
    expect(basisAnnotationOf({ code: 'ng/mL', unit: 'ng/mL DDU' })).toBe('DDU');
    expect(basisAnnotationOf({ code: 'ng/mL' })).toBeNull();
  });

  test('a non-UCUM code falls back to the human unit', () => {
    expect(quantityIn({ value: 1.2, unit: 'mg/L', system: 'http://example.org/units', code: 'MGL' }, 'ng/mL')).toBe(1200);
  });

  test('international units match but never convert to mass', () => {
    expect(convertValue(5000, 'IU', '[iU]')).toBe(5000);
    expect(convertValue(5000, '[IU]', '[iU]')).toBe(5000);
    expect(convertValue(5000, '[iU]', 'mg')).toBeNull();
  });
});
