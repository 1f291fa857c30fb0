/**
 * Loads and validates the knowledge folder (`hooks/`, CDS_KNOWLEDGE_DIR) at start-up: thresholds, value sets,
 * sources, anticoagulant dose-intent rules, regimens and order templates. Every problem is collected as
 * {file, JSON pointer, message} before anything is thrown, so a site fixes its folder in one pass
 * (DESIGN "A broken file stops the service with the file name, the JSON pointer and what was expected").
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { AgentDoseIntent, Citations, Knowledge, Regimen, Thresholds } from './types';
import { anticoagulantIntentSchema, sourcesSchema, thresholdsSchema, valueSetSchema } from './schemas';
import { ordersSchema, regimensSchema } from './regimen-schema';
import { buildValueSetIndex, type ValueSetJson } from './value-set-index';
import { REQUIRED_VALUE_SET_IDS } from './value-set-ids';

export interface KnowledgeProblem {
  readonly file: string;
  readonly pointer: string;
  readonly message: string;
}

export class KnowledgeError extends Error {
  constructor(readonly problems: readonly KnowledgeProblem[]) {
    super(`Invalid knowledge:\n${problems.map((p) => `- ${p.file} ${p.pointer || '/'}: ${p.message}`).join('\n')}`);
    this.name = 'KnowledgeError';
  }
}

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validators = {
  thresholds: ajv.compile(thresholdsSchema),
  valueSet: ajv.compile(valueSetSchema),
  sources: ajv.compile(sourcesSchema),
  intent: ajv.compile(anticoagulantIntentSchema),
  regimens: ajv.compile(regimensSchema),
  orders: ajv.compile(ordersSchema),
};

/** The knowledge files live in `<dir>/knowledge/`; a path to that folder itself is accepted too. */
function knowledgeFolder(dir: string): { folder: string; prefix: string } {
  const nested = path.join(dir, 'knowledge');
  return fs.existsSync(nested) && fs.statSync(nested).isDirectory()
    ? { folder: nested, prefix: 'knowledge/' }
    : { folder: dir, prefix: '' };
}

/** ajv error → problem; `required`/`additionalProperties` point at the property itself, not its parent. */
function toProblem(file: string, error: ErrorObject): KnowledgeProblem {
  const params = error.params as { missingProperty?: string; additionalProperty?: string; allowedValues?: unknown };
  if (error.keyword === 'required' && params.missingProperty) {
    return { file, pointer: `${error.instancePath}/${params.missingProperty}`, message: 'required property is missing' };
  }
  if (error.keyword === 'additionalProperties' && params.additionalProperty) {
    return { file, pointer: `${error.instancePath}/${params.additionalProperty}`, message: 'unknown property (typo?)' };
  }
  const allowed = params.allowedValues ? `: ${JSON.stringify(params.allowedValues)}` : '';
  return { file, pointer: error.instancePath, message: `${error.message ?? 'invalid'}${allowed}` };
}

class Reader {
  readonly problems: KnowledgeProblem[] = [];
  constructor(private readonly folder: string, private readonly prefix: string) {}

  /** Parsed and schema-valid JSON, or undefined (with the problems recorded). */
  read<T>(name: string, validate: ValidateFunction): T | undefined {
    const file = `${this.prefix}${name}`;
    let data: unknown;
    try {
      data = JSON.parse(fs.readFileSync(path.join(this.folder, name), 'utf8')) as unknown;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      this.add(file, '', code === 'ENOENT' ? 'file is missing' : `not valid JSON: ${(err as Error).message}`);
      return undefined;
    }
    if (!validate(data)) {
      for (const e of validate.errors ?? []) this.problems.push(toProblem(file, e));
      return undefined;
    }
    return data as T;
  }

  add(file: string, pointer: string, message: string): void {
    this.problems.push({ file, pointer, message });
  }
}

/** Every source id a card may link to must exist in the same file. */
function checkCitations(reader: Reader, file: string, f: SourcesFile): void {
  const ids = new Set(f.sources.map((s) => s.id));
  f.defaultLinks.forEach((id, i) => {
    if (!ids.has(id)) reader.add(file, `/defaultLinks/${i}`, `unknown source id "${id}"`);
  });
  for (const [code, list] of Object.entries(f.adviceLinks)) {
    list.forEach((id, i) => {
      if (!ids.has(id)) reader.add(file, `/adviceLinks/${code}/${i}`, `unknown source id "${id}"`);
    });
  }
}

function checkThresholds(reader: Reader, file: string, t: Thresholds): void {
  for (const name of ['scan1', 'scan2'] as const) {
    const w = t[name];
    if (!(w.fromDay <= w.targetDay && w.targetDay <= w.toDay)) {
      reader.add(file, `/${name}`, 'expected fromDay ≤ targetDay ≤ toDay');
    }
  }
  if (t.scan2.fromDay <= t.scan1.toDay) reader.add(file, '/scan2/fromDay', 'scan 2 window must start after scan 1 window ends');
  if (t.bleedingHighScore <= t.bleedingModerateScore) {
    reader.add(file, '/bleedingHighScore', 'must be greater than bleedingModerateScore');
  }
  if (t.bleedingAgePoint2Years < t.bleedingAgePoint1Years) {
    reader.add(file, '/bleedingAgePoint2Years', 'must not be below bleedingAgePoint1Years');
  }
}

function readValueSets(reader: Reader, folder: string, prefix: string, required: readonly string[]): ValueSetJson[] {
  const dir = path.join(folder, 'valuesets');
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith('.json')).sort();
  } catch {
    reader.add(`${prefix}valuesets/`, '', 'folder is missing');
    return [];
  }
  const loaded: ValueSetJson[] = [];
  const seen = new Map<string, string>();
  for (const name of names) {
    const file = `${prefix}valuesets/${name}`;
    const vs = reader.read<ValueSetJson>(`valuesets/${name}`, validators.valueSet);
    if (!vs) continue;
    const expectedId = name.replace(/\.json$/, '');
    if (vs.id !== expectedId) reader.add(file, '/id', `id '${vs.id}' must equal the file name '${expectedId}'`);
    const other = seen.get(vs.id);
    if (other) reader.add(file, '/id', `duplicate value set id '${vs.id}' (also in ${other})`);
    seen.set(vs.id, file);
    if (checkRegexes(reader, file, vs)) loaded.push(vs);
  }
  for (const id of required) {
    if (!seen.has(id)) reader.add(`${prefix}valuesets/${id}.json`, '', `value set '${id}' is required by the code but missing`);
  }
  return loaded;
}

/** Regex filters are compiled once at start-up; a bad pattern is a problem here, not a crash at request time. */
function checkRegexes(reader: Reader, file: string, vs: ValueSetJson): boolean {
  let ok = true;
  for (const part of ['include', 'exclude'] as const) {
    (vs.compose[part] ?? []).forEach((set, i) => {
      (set.filter ?? []).forEach((f, j) => {
        try {
          new RegExp(f.value);
        } catch (err) {
          ok = false;
          reader.add(file, `/compose/${part}/${i}/filter/${j}/value`, `invalid regex: ${(err as Error).message}`);
        }
      });
    });
  }
  return ok;
}

interface SourcesFile extends Citations { readonly sources: Knowledge['sources'] }
interface IntentFile { readonly agents: Readonly<Record<string, AgentDoseIntent>> }

function readAll(dir: string, required: readonly string[]): { problems: KnowledgeProblem[]; knowledge?: Knowledge } {
  const { folder, prefix } = knowledgeFolder(dir);
  const reader = new Reader(folder, prefix);
  const thresholds = reader.read<Thresholds>('thresholds.json', validators.thresholds);
  if (thresholds) checkThresholds(reader, `${prefix}thresholds.json`, thresholds);
  const sources = reader.read<SourcesFile>('sources.json', validators.sources);
  if (sources) checkCitations(reader, `${prefix}sources.json`, sources);
  const intent = reader.read<IntentFile>('anticoagulant-intent.json', validators.intent);
  const regimens = reader.read<Record<string, Regimen>>('regimens.json', validators.regimens);
  const orders = reader.read<unknown>('orders.json', validators.orders);
  const valueSets = readValueSets(reader, folder, prefix, required);
  if (reader.problems.length > 0 || !thresholds || !sources || !intent || !regimens || orders === undefined) {
    return { problems: reader.problems };
  }
  const knowledge: Knowledge = {
    dir,
    thresholds,
    valueSets: buildValueSetIndex(valueSets),
    regimens,
    sources: sources.sources,
    citations: { defaultLinks: sources.defaultLinks, adviceLinks: sources.adviceLinks, reportedFigures: sources.reportedFigures },
    anticoagulantIntent: intent.agents,
    orders,
  };
  return { problems: [], knowledge };
}

/**
 * Every problem of the knowledge folder, without throwing (for the CLI `check-knowledge`).
 * `extraRequiredValueSets`: ids other modules need beyond {@link REQUIRED_VALUE_SET_IDS}.
 */
export function checkKnowledge(dir: string, extraRequiredValueSets: readonly string[] = []): KnowledgeProblem[] {
  return readAll(dir, [...REQUIRED_VALUE_SET_IDS, ...extraRequiredValueSets]).problems;
}

/** Load the knowledge folder or throw a KnowledgeError listing every problem. */
export function loadKnowledge(dir: string, extraRequiredValueSets: readonly string[] = []): Knowledge {
  const { problems, knowledge } = readAll(dir, [...REQUIRED_VALUE_SET_IDS, ...extraRequiredValueSets]);
  if (!knowledge) throw new KnowledgeError(problems);
  return knowledge;
}
