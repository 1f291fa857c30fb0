/**
 * Compares a CDS Hooks response with a fixture's `expected` block, and checks that any response is spec-valid.
 * Both return a list of human-readable problems (empty = pass), each naming the scenario, so a failing test says
 * what a clinician would have seen differently. Reusable by the CLI `scenarios` command.
 */
import { ADVICE_SYSTEM } from '../../src/cds/types';
import { isObject } from './fixture-load';
import { UUID_RE } from './fixture-request-checks';
import type { ExpectedAction, ExpectedSuggestion, FixtureExpectation } from './fixture-types';

type Json = Record<string, unknown>;

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const objects = (v: unknown): Json[] => asArray(v).filter(isObject);

/** source.topic.code of a card ('' when missing). */
export function adviceCode(card: Json): string {
  const source = card['source'];
  const topic = isObject(source) ? source['topic'] : undefined;
  return isObject(topic) && typeof topic['code'] === 'string' ? topic['code'] : '';
}

/** Codes of a resource: code.coding and medicationCodeableConcept.coding. */
export function resourceCodes(resource: unknown): string[] {
  if (!isObject(resource)) return [];
  const codes: string[] = [];
  for (const field of ['code', 'medicationCodeableConcept']) {
    const concept = resource[field];
    if (isObject(concept)) for (const c of objects(concept['coding'])) if (typeof c['code'] === 'string') codes.push(c['code']);
  }
  return codes;
}

const UNIT_DAYS: Readonly<Record<string, number>> = { d: 1, wk: 7, mo: 30, a: 365, h: 1 / 24 };

function durationDays(q: unknown): number | null {
  if (!isObject(q) || typeof q['value'] !== 'number') return null;
  const unit = typeof q['code'] === 'string' ? q['code'] : typeof q['unit'] === 'string' ? q['unit'] : 'd';
  const factor = UNIT_DAYS[unit] ?? UNIT_DAYS[unit.replace(/s$/, '').replace(/^day$/, 'd').replace(/^month$/, 'mo').replace(/^week$/, 'wk')];
  return factor === undefined ? null : q['value'] * factor;
}

/**
 * Every way a MedicationRequest states how long it runs, in days: each boundsDuration, their sum over the
 * sequenced phases, each boundsPeriod span, dispenseRequest.expectedSupplyDuration and validityPeriod span.
 */
export function orderDurationsDays(resource: Json): number[] {
  const out: number[] = [];
  const span = (p: unknown): void => {
    if (isObject(p) && typeof p['start'] === 'string' && typeof p['end'] === 'string') {
      out.push((Date.parse(p['end']) - Date.parse(p['start'])) / 86_400_000);
    }
  };
  let sum = 0;
  for (const dosage of objects(resource['dosageInstruction'])) {
    const timing = dosage['timing'];
    const repeat = isObject(timing) ? timing['repeat'] : undefined;
    if (!isObject(repeat)) continue;
    const d = durationDays(repeat['boundsDuration']);
    if (d !== null) {
      out.push(d);
      sum += d;
    }
    span(repeat['boundsPeriod']);
  }
  if (sum > 0) out.push(sum);
  const dispense = resource['dispenseRequest'];
  if (isObject(dispense)) {
    const d = durationDays(dispense['expectedSupplyDuration']);
    if (d !== null) out.push(d);
    span(dispense['validityPeriod']);
  }
  return out;
}

function firstDosage(resource: Json): Json | undefined {
  return objects(resource['dosageInstruction'])[0];
}

function perDay(dosage: Json | undefined): number | null {
  const timing = dosage?.['timing'];
  const repeat = isObject(timing) ? timing['repeat'] : undefined;
  if (!isObject(repeat) || typeof repeat['frequency'] !== 'number') return null;
  const period = typeof repeat['period'] === 'number' ? repeat['period'] : 1;
  const unitDays = UNIT_DAYS[String(repeat['periodUnit'] ?? 'd')];
  return unitDays === undefined ? null : repeat['frequency'] / (period * unitDays);
}

function firstDose(dosage: Json | undefined): number | null {
  const rate = objects(dosage?.['doseAndRate'])[0];
  const q = rate?.['doseQuantity'];
  return isObject(q) && typeof q['value'] === 'number' ? q['value'] : null;
}

/** Why an action does not match (null = it matches). */
export function actionMismatch(exp: ExpectedAction, action: Json): string | null {
  if (action['type'] !== exp.type) return `type ${String(action['type'])} ≠ ${exp.type}`;
  if (exp.resourceId !== undefined && action['resourceId'] !== exp.resourceId) {
    return `resourceId ${String(action['resourceId'])} ≠ ${exp.resourceId}`;
  }
  const needsResource = exp.resourceType !== undefined || exp.codes !== undefined || exp.anyCodes !== undefined
    || exp.occurrenceStart !== undefined || exp.occurrenceEnd !== undefined || exp.doseMg !== undefined
    || exp.frequencyPerDay !== undefined || exp.durationDays !== undefined;
  if (!needsResource) return null;
  const resource = action['resource'];
  if (!isObject(resource)) return 'no resource';
  if (exp.resourceType !== undefined && resource['resourceType'] !== exp.resourceType) {
    return `resourceType ${String(resource['resourceType'])} ≠ ${exp.resourceType}`;
  }
  const codes = resourceCodes(resource);
  const missing = (exp.codes ?? []).filter((c) => !codes.includes(c));
  if (missing.length > 0) return `codes [${codes.join(', ')}] lack ${missing.join(', ')}`;
  if (exp.anyCodes !== undefined && !exp.anyCodes.some((c) => codes.includes(c))) return `codes [${codes.join(', ')}] contain none of the expected`;
  const period = isObject(resource['occurrencePeriod']) ? resource['occurrencePeriod'] : {};
  const start = typeof period['start'] === 'string' ? period['start'].slice(0, 10) : undefined;
  const end = typeof period['end'] === 'string' ? period['end'].slice(0, 10) : undefined;
  if (exp.occurrenceStart !== undefined && start !== exp.occurrenceStart) return `occurrence start ${String(start)} ≠ ${exp.occurrenceStart}`;
  if (exp.occurrenceEnd !== undefined && end !== exp.occurrenceEnd) return `occurrence end ${String(end)} ≠ ${exp.occurrenceEnd}`;
  const dosage = firstDosage(resource);
  if (exp.doseMg !== undefined && firstDose(dosage) !== exp.doseMg) return `dose ${String(firstDose(dosage))} mg ≠ ${exp.doseMg} mg`;
  if (exp.frequencyPerDay !== undefined && perDay(dosage) !== exp.frequencyPerDay) {
    return `frequency ${String(perDay(dosage))}/day ≠ ${exp.frequencyPerDay}/day`;
  }
  if (exp.durationDays !== undefined) {
    const durations = orderDurationsDays(resource);
    const target = exp.durationDays;
    if (!durations.some((d) => Math.abs(d - target) <= 2)) return `durations [${durations.join(', ')}] d ≠ ${target} d (± 2)`;
  }
  return null;
}

/** Can each expected action be matched by a different actual action? (small backtracking search) */
function actionsMatch(expected: readonly ExpectedAction[], actions: readonly Json[], used: Set<number> = new Set()): boolean {
  const [head, ...rest] = expected;
  if (head === undefined) return true;
  return actions.some((a, i) => {
    if (used.has(i) || actionMismatch(head, a) !== null) return false;
    used.add(i);
    const ok = actionsMatch(rest, actions, used);
    used.delete(i);
    return ok;
  });
}

export function suggestionMatches(exp: ExpectedSuggestion, suggestion: Json): boolean {
  if (exp.isRecommended === true && suggestion['isRecommended'] !== true) return false;
  if (exp.labelIncludes !== undefined
    && !String(suggestion['label'] ?? '').toLowerCase().includes(exp.labelIncludes.toLowerCase())) return false;
  return actionsMatch(exp.actions, objects(suggestion['actions']));
}

function describeExpected(exp: ExpectedSuggestion): string {
  const flags = [exp.first ? 'first' : '', exp.isRecommended ? 'recommended' : '', exp.labelIncludes ? `label~"${exp.labelIncludes}"` : '']
    .filter(Boolean).join(', ');
  return `${flags ? `(${flags}) ` : ''}${exp.actions.map((a) => JSON.stringify(a)).join(' + ')}`;
}

function describeActual(suggestions: readonly Json[]): string {
  if (suggestions.length === 0) return 'no suggestions';
  return suggestions.map((s, i) => {
    const acts = objects(s['actions']).map((a) => {
      const r = a['resource'];
      const what = isObject(r) ? `${String(r['resourceType'])}[${resourceCodes(r).join(',')}]` : String(a['resourceId'] ?? '');
      return `${String(a['type'])} ${what}`;
    });
    return `#${i} "${String(s['label'] ?? '')}"${s['isRecommended'] === true ? ' (recommended)' : ''}: ${acts.join(' + ') || 'no actions'}`;
  }).join(' | ');
}

/** Expected suggestions matched in order (a subsequence) against the primary card's suggestions. */
function checkSuggestions(expected: readonly ExpectedSuggestion[], card: Json, say: (m: string) => void): void {
  const actual = objects(card['suggestions']);
  if (expected.length === 0) {
    if (actual.length > 0) say(`primary card should have no suggestions, has: ${describeActual(actual)}`);
    return;
  }
  let from = 0;
  for (const exp of expected) {
    let found = -1;
    for (let i = from; i < actual.length; i++) {
      const s = actual[i];
      if (s !== undefined && suggestionMatches(exp, s)) {
        found = i;
        break;
      }
    }
    if (found === -1 || (exp.first === true && found !== 0)) {
      say(`no suggestion${from > 0 ? ` after #${from - 1}` : ''} matches ${describeExpected(exp)}; actual: ${describeActual(actual)}`);
      return;
    }
    from = found + 1;
  }
}

/** Every problem with `body` against the fixture's expectation, each prefixed with the scenario id. */
export function checkExpectations(scenarioId: string, expected: FixtureExpectation, body: unknown): string[] {
  const problems: string[] = [];
  const say = (m: string): void => {
    problems.push(`${scenarioId}: ${m}`);
  };
  if (!isObject(body) || !Array.isArray(body['cards'])) {
    say('response has no cards array');
    return problems;
  }
  const cards = objects(body['cards']);
  const codes = cards.map(adviceCode);
  if (expected.primary === null) {
    if (cards.length > 0) say(`expected no cards, got [${codes.join(', ')}]`);
    return problems;
  }
  for (const code of expected.absent ?? []) if (codes.includes(code)) say(`${code} must not appear, cards: [${codes.join(', ')}]`);
  const primaryCard = cards[0];
  if (primaryCard === undefined) {
    if (expected.primaryOptional !== true) say(`expected primary ${expected.primary}, got no cards`);
    return problems;
  }
  if (expected.primary !== '*' && codes[0] !== expected.primary) say(`primary is ${codes[0] || '(no topic)'}, expected ${expected.primary}; cards: [${codes.join(', ')}]`);
  if (expected.indicator !== undefined && primaryCard['indicator'] !== expected.indicator) {
    say(`primary indicator is ${String(primaryCard['indicator'])}, expected ${expected.indicator}`);
  }
  for (const note of expected.notes ?? []) if (!codes.slice(1).includes(note)) say(`note ${note} missing; cards: [${codes.join(', ')}]`);
  if (expected.suggestions !== undefined) checkSuggestions(expected.suggestions, primaryCard, say);
  const detail = String(primaryCard['detail'] ?? '').toLowerCase();
  for (const text of expected.detailIncludes ?? []) if (!detail.includes(text.toLowerCase())) say(`primary card detail lacks "${text}"`);
  for (const card of cards) {
    for (const s of objects(card['suggestions'])) {
      for (const a of objects(s['actions'])) {
        const bad = resourceCodes(a['resource']).filter((c) => expected.absentOrderCodes?.includes(c));
        if (bad.length > 0) say(`${adviceCode(card)} suggests "${String(s['label'] ?? '')}" with forbidden code(s) ${bad.join(', ')}`);
      }
    }
  }
  return problems;
}

/** Paths of optional values that CDS Hooks says must be omitted rather than sent empty (null, "", [], {}). */
function emptyValues(node: unknown, at: string, out: string[]): void {
  if (node === null || node === '') out.push(at);
  else if (Array.isArray(node)) {
    if (node.length === 0) out.push(at);
    node.forEach((n, i) => emptyValues(n, `${at}[${i}]`, out));
  } else if (isObject(node)) {
    if (Object.keys(node).length === 0) out.push(at);
    for (const [k, v] of Object.entries(node)) emptyValues(v, `${at}.${k}`, out);
  }
}

const isAbsoluteUrl = (v: unknown): boolean => typeof v === 'string' && /^https?:\/\/[^\s/]+/.test(v);

/** CONFORMANCE §3.7 response checklist, plus the DESIGN contract (source.topic in the advice CodeSystem). */
export function checkCdsResponse(body: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(body) || !Array.isArray(body['cards'])) return ['body must be an object with a cards array'];
  if (body['systemActions'] !== undefined && asArray(body['systemActions']).length === 0) problems.push('systemActions must be omitted when empty');
  const uuids: string[] = [];
  body['cards'].forEach((raw: unknown, i) => {
    const at = `cards[${i}]`;
    if (!isObject(raw)) {
      problems.push(`${at} is not an object`);
      return;
    }
    const card = raw;
    const empties: string[] = [];
    emptyValues(card, at, empties);
    for (const e of empties) problems.push(`${e} is empty (omit optional fields instead)`);
    if (typeof card['uuid'] !== 'string' || !UUID_RE.test(card['uuid'])) problems.push(`${at}.uuid must be a UUID`);
    else uuids.push(card['uuid']);
    const summary = card['summary'];
    if (typeof summary !== 'string' || summary.length === 0 || summary.length >= 140) problems.push(`${at}.summary must be 1–139 characters`);
    if (!['info', 'warning', 'critical'].includes(String(card['indicator']))) problems.push(`${at}.indicator must be info, warning or critical`);
    const source = card['source'];
    if (!isObject(source) || typeof source['label'] !== 'string' || source['label'] === '') problems.push(`${at}.source.label required`);
    else {
      for (const k of ['url', 'icon']) if (source[k] !== undefined && !isAbsoluteUrl(source[k])) problems.push(`${at}.source.${k} must be an absolute URL`);
      const topic = source['topic'];
      if (!isObject(topic) || topic['system'] !== ADVICE_SYSTEM || typeof topic['code'] !== 'string') {
        problems.push(`${at}.source.topic must be a Coding in ${ADVICE_SYSTEM}`);
      }
    }
    if (card['detail'] !== undefined && typeof card['detail'] !== 'string') problems.push(`${at}.detail must be markdown text`);
    const suggestions = card['suggestions'];
    if (suggestions !== undefined) {
      const behaviour = card['selectionBehavior'];
      if (behaviour !== 'at-most-one' && behaviour !== 'any') problems.push(`${at} has suggestions but no valid selectionBehavior`);
      const list = objects(suggestions);
      if (behaviour === 'at-most-one' && list.filter((s) => s['isRecommended'] === true).length > 1) {
        problems.push(`${at}: more than one isRecommended with at-most-one`);
      }
      list.forEach((s, j) => {
        const sat = `${at}.suggestions[${j}]`;
        if (typeof s['label'] !== 'string' || s['label'] === '') problems.push(`${sat}.label required`);
        if (typeof s['uuid'] !== 'string' || !UUID_RE.test(s['uuid'])) problems.push(`${sat}.uuid must be a UUID`);
        else uuids.push(s['uuid']);
        objects(s['actions']).forEach((a, k) => {
          const aat = `${sat}.actions[${k}]`;
          if (!['create', 'update', 'delete'].includes(String(a['type']))) problems.push(`${aat}.type must be create, update or delete`);
          if (typeof a['description'] !== 'string' || a['description'] === '') problems.push(`${aat}.description required`);
          if (a['type'] === 'delete') {
            if (typeof a['resourceId'] !== 'string' || !/^[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/.test(a['resourceId'])) {
              problems.push(`${aat}.resourceId must be Type/id`);
            }
          } else {
            const r = a['resource'];
            if (!isObject(r) || typeof r['resourceType'] !== 'string') problems.push(`${aat}.resource must be a FHIR resource`);
          }
        });
      });
    }
    objects(card['overrideReasons']).forEach((o, j) => {
      if (typeof o['code'] !== 'string' || typeof o['system'] !== 'string' || typeof o['display'] !== 'string' || o['display'] === '') {
        problems.push(`${at}.overrideReasons[${j}] needs code, system and display`);
      }
    });
    objects(card['links']).forEach((l, j) => {
      if (typeof l['label'] !== 'string' || !isAbsoluteUrl(l['url']) || (l['type'] !== 'absolute' && l['type'] !== 'smart')) {
        problems.push(`${at}.links[${j}] needs label, absolute url and type absolute|smart`);
      }
      if (l['appContext'] !== undefined && l['type'] !== 'smart') problems.push(`${at}.links[${j}].appContext only on smart links`);
    });
  });
  if (new Set(uuids).size !== uuids.length) problems.push('card and suggestion uuids must be unique in a response');
  return problems;
}
