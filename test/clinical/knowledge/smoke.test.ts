import { checkKnowledge } from '../../../src/clinical/knowledge/load';
test('smoke', () => { expect(checkKnowledge('hooks')).toEqual([]); });
