/**
 * The scenario fixtures are generated from the definitions in fixture-scenarios-*.ts; the committed JSON under
 * fhir-fixtures/scenarios/ is what the tests and the CLI read. This test keeps the two in step:
 *   WRITE_FIXTURES=1 npx jest test/support/fixture-generate   → (re)writes the JSON files
 *   npx jest test/support/fixture-generate                    → fails if a file is stale, missing or extra
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURE_DIR } from './fixture-load';
import { orderScenarios } from './fixture-scenarios-orders';
import { localScenarios } from './fixture-scenarios-local';
import { rulesScenarios } from './fixture-scenarios-rules';

const generated = [...rulesScenarios(), ...localScenarios(), ...orderScenarios()];
const render = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
const writing = process.env['WRITE_FIXTURES'] === '1';

describe('scenario fixture generator', () => {
  test('ids and file names are unique', () => {
    const ids = generated.map((g) => g.fixture.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    const files = generated.map((g) => g.file);
    expect(files.filter((f, i) => files.indexOf(f) !== i)).toEqual([]);
  });

  if (writing) {
    test('writes fhir-fixtures/scenarios/*.json', () => {
      mkdirSync(FIXTURE_DIR, { recursive: true });
      const keep = new Set(generated.map((g) => g.file));
      for (const f of readdirSync(FIXTURE_DIR)) if (f.endsWith('.json') && !keep.has(f)) unlinkSync(path.join(FIXTURE_DIR, f));
      for (const g of generated) writeFileSync(path.join(FIXTURE_DIR, g.file), render(g.fixture));
      expect(readdirSync(FIXTURE_DIR).filter((f) => f.endsWith('.json')).length).toBe(generated.length);
    });
  } else {
    test('committed JSON equals the generated fixtures (run with WRITE_FIXTURES=1 to update)', () => {
      const onDisk = existsSync(FIXTURE_DIR) ? readdirSync(FIXTURE_DIR).filter((f) => f.endsWith('.json')).sort() : [];
      expect(onDisk).toEqual(generated.map((g) => g.file).sort());
      const stale = generated.filter((g) => readFileSync(path.join(FIXTURE_DIR, g.file), 'utf8') !== render(g.fixture)).map((g) => g.file);
      expect(stale).toEqual([]);
    });
  }
});
