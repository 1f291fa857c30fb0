/**
 * An independent checker of CDS Hooks 2.0 service responses (CONFORMANCE §3.7 checklist, Inferno CRD
 * `cards_validation.rb` / `suggestion_actions_validation.rb`, and the FHIR R4 basics of resources in actions).
 * Written from the spec, not from the service's finaliseCards: it must be able to disagree with it.
 * Every function returns a list of problems, each naming the JSON path; [] means conformant.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

export const UUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
/** R4 `id` datatype. */
const FHIR_ID_RE = /^[A-Za-z0-9\-.]{1,64}$/;
/** R4 dateTime / date (partial dates allowed, timezone required when a time is given). */
const FHIR_DATETIME_RE =
  /^([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1])(T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00)))?)?)?$/;

const INDICATORS = ['info', 'warning', 'critical'];
const SELECTION_BEHAVIORS = ['at-most-one', 'any'];
const ACTION_TYPES = ['create', 'update', 'delete'];
const LINK_TYPES = ['absolute', 'smart'];

const CARD_FIELDS = ['uuid', 'summary', 'detail', 'indicator', 'source', 'suggestions', 'selectionBehavior', 'overrideReasons', 'links', 'extension'];
const SOURCE_FIELDS = ['label', 'url', 'icon', 'topic'];
const SUGGESTION_FIELDS = ['label', 'uuid', 'isRecommended', 'actions'];
const ACTION_FIELDS = ['type', 'description', 'resource', 'resourceId'];
const LINK_FIELDS = ['label', 'url', 'type', 'appContext', 'autolaunchable'];
const CODING_FIELDS = ['system', 'code', 'display'];

/** R4 value sets (required bindings) for the request resources a card may create or update. */
const MEDICATION_REQUEST_STATUS = ['active', 'on-hold', 'cancelled', 'completed', 'entered-in-error', 'stopped', 'draft', 'unknown'];
const MEDICATION_REQUEST_INTENT = ['proposal', 'plan', 'order', 'original-order', 'reflex-order', 'filler-order', 'instance-order', 'option'];
const SERVICE_REQUEST_STATUS = ['draft', 'active', 'on-hold', 'revoked', 'completed', 'entered-in-error', 'unknown'];
const SERVICE_REQUEST_INTENT = ['proposal', 'plan', 'directive', 'order', 'original-order', 'reflex-order', 'filler-order', 'instance-order', 'option'];
/** Fields whose R4 type is date or dateTime, wherever they appear inside a resource. */
const DATE_TIME_FIELDS = new Set(['authoredOn', 'occurrenceDateTime', 'start', 'end', 'date', 'issued', 'effectiveDateTime']);

function isAbsoluteHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** Characters as a reader counts them (code points), the way Inferno's Ruby `String#length` does. */
function charCount(s: string): number {
  return [...s].length;
}

/**
 * G3 (and FHIR JSON rules for embedded resources): no null, "", [] or {} anywhere, except the top-level
 * `cards: []`. Also no leading/trailing whitespace-only strings.
 */
export function emptyValueProblems(value: unknown, path = '$'): string[] {
  const problems: string[] = [];
  const walk = (v: unknown, p: string, allowEmptyArray: boolean): void => {
    if (v === null) problems.push(`${p} is null`);
    else if (typeof v === 'string') {
      if (v.trim() === '') problems.push(`${p} is an empty string`);
    } else if (Array.isArray(v)) {
      if (v.length === 0 && !allowEmptyArray) problems.push(`${p} is an empty array`);
      v.forEach((item, i) => walk(item, `${p}[${i}]`, false));
    } else if (typeof v === 'object') {
      const entries = Object.entries(v as object);
      if (entries.length === 0) problems.push(`${p} is an empty object`);
      for (const [k, child] of entries) walk(child, `${p}.${k}`, p === '$' && k === 'cards');
    } else if (typeof v === 'number' && !Number.isFinite(v)) problems.push(`${p} is not a finite number`);
  };
  walk(value, path, false);
  return problems;
}

function unknownFields(obj: JsonObject, allowed: readonly string[], path: string): string[] {
  return Object.keys(obj).filter((k) => !allowed.includes(k)).map((k) => `${path}.${k} is not a CDS Hooks 2.0 field`);
}

function codingProblems(v: unknown, path: string, displayRequired: boolean): string[] {
  if (!isObject(v)) return [`${path} must be a Coding object`];
  const problems = unknownFields(v, CODING_FIELDS, path);
  if (!isNonEmptyString(v['system'])) problems.push(`${path}.system is required`);
  if (!isNonEmptyString(v['code'])) problems.push(`${path}.code is required`);
  if (displayRequired && !isNonEmptyString(v['display'])) problems.push(`${path}.display is required`);
  if (v['display'] !== undefined && typeof v['display'] !== 'string') problems.push(`${path}.display must be a string`);
  return problems;
}

/** A FHIR reference value: relative `Type/id`, absolute URL, or a contained `#id`. */
function referenceProblems(ref: unknown, path: string): string[] {
  if (!isObject(ref)) return [`${path} must be a Reference object`];
  const r = ref['reference'];
  if (r === undefined) return ref['identifier'] !== undefined || ref['display'] !== undefined ? [] : [`${path} has no reference`];
  if (typeof r !== 'string') return [`${path}.reference must be a string`];
  if (/^[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64}(\/_history\/[A-Za-z0-9\-.]{1,64})?$/.test(r) || r.startsWith('#') || isAbsoluteHttpUrl(r) || r.startsWith('urn:uuid:')) return [];
  return [`${path}.reference "${r}" is not a valid FHIR reference`];
}

/** Walk a resource: every `coding` has system+code, every `reference` is valid, dates are FHIR dates. */
function resourceWalkProblems(resource: JsonObject, path: string): string[] {
  const problems: string[] = [];
  const walk = (v: unknown, p: string, key: string): void => {
    if (Array.isArray(v)) {
      v.forEach((item, i) => walk(item, `${p}[${i}]`, key));
      return;
    }
    if (isObject(v)) {
      if (key === 'coding') {
        if (!isNonEmptyString(v['system'])) problems.push(`${p}.system is missing (a Coding without a system is unusable)`);
        else if (!/^(https?:|urn:|http:)/.test(v['system'])) problems.push(`${p}.system must be a URI`);
        if (!isNonEmptyString(v['code'])) problems.push(`${p}.code is missing`);
        else if (v['code'] !== v['code'].trim()) problems.push(`${p}.code has surrounding whitespace`);
      }
      if ('reference' in v && key !== 'coding') problems.push(...referenceProblems(v, p));
      if (key !== '' && 'resourceType' in v && key !== 'contained' && key !== 'resource') {
        problems.push(`${p}.resourceType may only appear on a resource`);
      }
      for (const [k, child] of Object.entries(v)) walk(child, `${p}.${k}`, k);
      return;
    }
    if (typeof v === 'string' && DATE_TIME_FIELDS.has(key) && !FHIR_DATETIME_RE.test(v)) {
      problems.push(`${p} "${v}" is not a FHIR date/dateTime`);
    }
    if (typeof v === 'string' && key === 'id' && !FHIR_ID_RE.test(v)) problems.push(`${p} "${v}" is not a FHIR id`);
  };
  for (const [k, child] of Object.entries(resource)) walk(child, `${path}.${k}`, k);
  return problems;
}

function oneOf(value: unknown, allowed: readonly string[], path: string): string[] {
  return typeof value === 'string' && allowed.includes(value) ? [] : [`${path} must be one of ${allowed.join('|')} (got ${JSON.stringify(value)})`];
}

/** The R4 basics of a resource a card proposes to create or update. */
export function fhirResourceProblems(resource: unknown, path: string): string[] {
  if (!isObject(resource)) return [`${path} must be a FHIR resource object`];
  const type = resource['resourceType'];
  if (!isNonEmptyString(type) || !/^[A-Z][A-Za-z]+$/.test(type)) return [`${path}.resourceType is required`];
  const problems = resourceWalkProblems(resource, path);
  const subjectIsReference = (field: string): string[] =>
    resource[field] === undefined ? [`${path}.${field} is required for ${type}`] : referenceProblems(resource[field], `${path}.${field}`);
  switch (type) {
    case 'MedicationRequest': {
      problems.push(...oneOf(resource['status'], MEDICATION_REQUEST_STATUS, `${path}.status`));
      problems.push(...oneOf(resource['intent'], MEDICATION_REQUEST_INTENT, `${path}.intent`));
      problems.push(...subjectIsReference('subject'));
      const med = ['medicationCodeableConcept', 'medicationReference'].filter((f) => resource[f] !== undefined);
      if (med.length !== 1) problems.push(`${path} needs exactly one medication[x] (has ${med.length})`);
      const concept = resource['medicationCodeableConcept'];
      if (isObject(concept) && !Array.isArray(concept['coding']) && !isNonEmptyString(concept['text'])) {
        problems.push(`${path}.medicationCodeableConcept has neither coding nor text`);
      }
      break;
    }
    case 'ServiceRequest': {
      problems.push(...oneOf(resource['status'], SERVICE_REQUEST_STATUS, `${path}.status`));
      problems.push(...oneOf(resource['intent'], SERVICE_REQUEST_INTENT, `${path}.intent`));
      problems.push(...subjectIsReference('subject'));
      const code = resource['code'];
      if (!isObject(code) || (!Array.isArray(code['coding']) && !isNonEmptyString(code['text']))) problems.push(`${path}.code is required for ServiceRequest`);
      break;
    }
    default:
      break;
  }
  return problems;
}

export function actionProblems(action: unknown, path: string): string[] {
  if (!isObject(action)) return [`${path} must be an Action object`];
  const problems = unknownFields(action, ACTION_FIELDS, path);
  problems.push(...oneOf(action['type'], ACTION_TYPES, `${path}.type`));
  if (!isNonEmptyString(action['description'])) problems.push(`${path}.description is required`);
  const type = action['type'];
  if (type === 'create' || type === 'update') {
    problems.push(...fhirResourceProblems(action['resource'], `${path}.resource`));
    if (type === 'update' && isObject(action['resource']) && !isNonEmptyString(action['resource']['id'])) {
      problems.push(`${path}.resource needs an id to be updated`);
    }
  }
  if (type === 'delete') {
    const id = action['resourceId'];
    if (typeof id !== 'string' || !/^[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/.test(id)) problems.push(`${path}.resourceId must be Type/id (got ${JSON.stringify(id)})`);
    if (action['resource'] !== undefined) problems.push(`${path}.resource on a delete is deprecated in 2.0; use resourceId`);
  }
  return problems;
}

function linkProblems(link: unknown, path: string): string[] {
  if (!isObject(link)) return [`${path} must be a Link object`];
  const problems = unknownFields(link, LINK_FIELDS, path);
  if (!isNonEmptyString(link['label'])) problems.push(`${path}.label is required`);
  if (!isAbsoluteHttpUrl(link['url'])) problems.push(`${path}.url must be an absolute http(s) URL`);
  problems.push(...oneOf(link['type'], LINK_TYPES, `${path}.type`));
  if (link['type'] === 'absolute' && link['appContext'] !== undefined) problems.push(`${path}.appContext is not valid on an absolute link`);
  if (link['autolaunchable'] !== undefined && typeof link['autolaunchable'] !== 'boolean') problems.push(`${path}.autolaunchable must be a boolean`);
  return problems;
}

function sourceProblems(source: unknown, path: string): string[] {
  if (!isObject(source)) return [`${path} is required`];
  const problems = unknownFields(source, SOURCE_FIELDS, path);
  if (!isNonEmptyString(source['label'])) problems.push(`${path}.label is required`);
  for (const f of ['url', 'icon']) if (source[f] !== undefined && !isAbsoluteHttpUrl(source[f])) problems.push(`${path}.${f} must be an absolute URL`);
  // Required by this project (DESIGN: every card names its advice) and by Inferno CRD: topic with system + code.
  problems.push(...codingProblems(source['topic'], `${path}.topic`, false));
  return problems;
}

function cardProblems(card: unknown, path: string, uuids: string[]): string[] {
  if (!isObject(card)) return [`${path} must be a Card object`];
  const problems = unknownFields(card, CARD_FIELDS, path);
  if (card['uuid'] !== undefined) {
    if (typeof card['uuid'] !== 'string' || !UUID_RE.test(card['uuid'])) problems.push(`${path}.uuid must be a UUID`);
    else uuids.push(card['uuid']);
  } else problems.push(`${path}.uuid is missing (feedback is supported, so every card needs one)`);
  const summary = card['summary'];
  if (typeof summary !== 'string' || summary.trim() === '') problems.push(`${path}.summary is required`);
  else if (charCount(summary) >= 140) problems.push(`${path}.summary has ${charCount(summary)} characters (must be < 140)`);
  if (card['detail'] !== undefined && typeof card['detail'] !== 'string') problems.push(`${path}.detail must be a (markdown) string`);
  problems.push(...oneOf(card['indicator'], INDICATORS, `${path}.indicator`));
  problems.push(...sourceProblems(card['source'], `${path}.source`));

  const suggestions = card['suggestions'];
  if (suggestions !== undefined) {
    if (!Array.isArray(suggestions)) problems.push(`${path}.suggestions must be an array`);
    else {
      problems.push(...oneOf(card['selectionBehavior'], SELECTION_BEHAVIORS, `${path}.selectionBehavior (required with suggestions)`));
      let recommended = 0;
      suggestions.forEach((s, j) => {
        const sp = `${path}.suggestions[${j}]`;
        if (!isObject(s)) {
          problems.push(`${sp} must be a Suggestion object`);
          return;
        }
        problems.push(...unknownFields(s, SUGGESTION_FIELDS, sp));
        if (!isNonEmptyString(s['label'])) problems.push(`${sp}.label is required`);
        if (typeof s['uuid'] !== 'string' || !UUID_RE.test(s['uuid'])) problems.push(`${sp}.uuid must be a UUID (accepted-suggestion feedback needs it)`);
        else uuids.push(s['uuid']);
        if (s['isRecommended'] !== undefined && typeof s['isRecommended'] !== 'boolean') problems.push(`${sp}.isRecommended must be a boolean`);
        if (s['isRecommended'] === true) recommended += 1;
        const actions = s['actions'];
        if (actions !== undefined) {
          if (!Array.isArray(actions) || actions.length === 0) problems.push(`${sp}.actions must be a non-empty array when present`);
          else actions.forEach((a, k) => problems.push(...actionProblems(a, `${sp}.actions[${k}]`)));
        }
      });
      if (card['selectionBehavior'] === 'at-most-one' && recommended > 1) {
        problems.push(`${path} has ${recommended} isRecommended suggestions with selectionBehavior at-most-one`);
      }
    }
  } else if (card['selectionBehavior'] !== undefined) {
    problems.push(`${path}.selectionBehavior without suggestions`);
  }

  const reasons = card['overrideReasons'];
  if (reasons !== undefined) {
    if (!Array.isArray(reasons)) problems.push(`${path}.overrideReasons must be an array`);
    else reasons.forEach((r, j) => problems.push(...codingProblems(r, `${path}.overrideReasons[${j}]`, true)));
  }
  const links = card['links'];
  if (links !== undefined) {
    if (!Array.isArray(links)) problems.push(`${path}.links must be an array`);
    else links.forEach((l, j) => problems.push(...linkProblems(l, `${path}.links[${j}]`)));
  }
  return problems;
}

/** The whole invocation response body. */
export function cdsResponseProblems(body: unknown): string[] {
  if (!isObject(body)) return ['the body must be a JSON object'];
  const problems = unknownFields(body, ['cards', 'systemActions', 'extension'], '$');
  const cards = body['cards'];
  if (!Array.isArray(cards)) return [...problems, '$.cards must be an array'];
  const uuids: string[] = [];
  cards.forEach((card, i) => problems.push(...cardProblems(card, `$.cards[${i}]`, uuids)));
  const systemActions = body['systemActions'];
  if (systemActions !== undefined) {
    if (!Array.isArray(systemActions)) problems.push('$.systemActions must be an array');
    else systemActions.forEach((a, i) => problems.push(...actionProblems(a, `$.systemActions[${i}]`)));
  }
  const duplicates = uuids.filter((u, i) => uuids.indexOf(u) !== i);
  if (duplicates.length > 0) problems.push(`uuids repeated within the response: ${[...new Set(duplicates)].join(', ')}`);
  problems.push(...emptyValueProblems(body));
  return problems;
}

/** Every response of an invocation: status 200, JSON content type, conformant body. */
export function invocationProblems(res: { status: number; headers: Record<string, string | undefined>; body: unknown }): string[] {
  const problems: string[] = [];
  if (res.status !== 200) problems.push(`status ${res.status}, expected 200`);
  const type = res.headers['content-type'] ?? '';
  if (!/^application\/json(\s*;|$)/i.test(type)) problems.push(`Content-Type "${type}" is not application/json`);
  return [...problems, ...cdsResponseProblems(res.body)];
}

/** 2.0 prefetch tokens only (CONFORMANCE §3.5 P2–P6): context fields marked "Prefetch Token: Yes" and the user tokens. */
const TOKENS_2_0 = ['context.userId', 'context.patientId', 'context.encounterId', 'userPractitionerId', 'userPractitionerRoleId', 'userPatientId', 'userRelatedPersonId'];

export function discoveryProblems(body: unknown): string[] {
  if (!isObject(body)) return ['the discovery body must be a JSON object'];
  const services = body['services'];
  if (!Array.isArray(services)) return ['$.services must be an array'];
  const problems: string[] = [];
  const seen = new Set<string>();
  services.forEach((s, i) => {
    const p = `$.services[${i}]`;
    if (!isObject(s)) {
      problems.push(`${p} must be an object`);
      return;
    }
    problems.push(...unknownFields(s, ['hook', 'title', 'description', 'id', 'prefetch', 'usageRequirements', 'extension'], p));
    for (const f of ['hook', 'title', 'description', 'id']) if (!isNonEmptyString(s[f])) problems.push(`${p}.${f} is required`);
    if (typeof s['id'] === 'string' && /[/?#\s]/.test(s['id'])) problems.push(`${p}.id must be usable as one URL path segment`);
    const key = `${String(s['id'])}|${String(s['hook'])}`;
    if (seen.has(key)) problems.push(`${p} repeats id+hook ${key}`);
    seen.add(key);
    const prefetch = s['prefetch'];
    if (prefetch !== undefined) {
      if (!isObject(prefetch)) problems.push(`${p}.prefetch must be an object`);
      else {
        for (const [k, template] of Object.entries(prefetch)) {
          if (typeof template !== 'string' || template.trim() === '') {
            problems.push(`${p}.prefetch.${k} must be a query string`);
            continue;
          }
          if (/^(https?:)?\/\//.test(template) || template.startsWith('/')) problems.push(`${p}.prefetch.${k} must be relative to the FHIR base`);
          const stripped = template.replace(/\{\{([^{}]*)\}\}/g, (_w, token: string) => {
            if (!TOKENS_2_0.includes(token.trim())) problems.push(`${p}.prefetch.${k} uses a token that is not CDS Hooks 2.0: {{${token}}}`);
            return 'x';
          });
          if (/[{}]/.test(stripped)) problems.push(`${p}.prefetch.${k} has unbalanced braces`);
          if (/[\s]/.test(stripped)) problems.push(`${p}.prefetch.${k} has whitespace (not a valid URL)`);
        }
      }
    }
    if (s['usageRequirements'] !== undefined && !isNonEmptyString(s['usageRequirements'])) problems.push(`${p}.usageRequirements must be a non-empty string`);
  });
  return [...problems, ...emptyValueProblems(body).filter((pr) => pr !== '$.services is an empty array')];
}
