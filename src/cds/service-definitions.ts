/**
 * Loads and validates the service definitions of `hooks/services/*.json` at start-up (STYLE G3).
 * A broken file stops the start with the file, the JSON pointer and what was expected.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ErrorObject } from 'ajv';
import type { KnowledgeProblem } from '../clinical/knowledge/load';
import { ALLOWED_PREFETCH_TOKENS, tokensOf } from './prefetch-tokens';
import { serviceDefinitionSchema } from './service-definition-schema';
import type { CdsServiceDescriptor } from './types';

export class ServiceDefinitionError extends Error {
  constructor(readonly problems: readonly KnowledgeProblem[]) {
    super(`Invalid service definitions:\n${problems.map((p) => `- ${p.file} ${p.pointer || '/'}: ${p.message}`).join('\n')}`);
    this.name = 'ServiceDefinitionError';
  }
}

const validateDefinition = new Ajv({ allErrors: true, strict: true }).compile(serviceDefinitionSchema);

/** Escape one JSON pointer segment (RFC 6901). */
const pointerSegment = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');

function schemaProblems(file: string, data: unknown): KnowledgeProblem[] {
  if (validateDefinition(data)) return [];
  return (validateDefinition.errors ?? []).map((e) => {
    const missing = e.keyword === 'required' ? `/${String(e.params['missingProperty'])}` : '';
    const extra = e.keyword === 'additionalProperties' ? `/${String(e.params['additionalProperty'])}` : '';
    return { file, pointer: `${e.instancePath}${missing}${extra}`, message: describe(e) };
  });
}

/** Token checks run even when the schema failed, so that one pass shows every problem. */
function tokenProblems(file: string, data: unknown): KnowledgeProblem[] {
  const prefetch = (data as { prefetch?: unknown } | null)?.prefetch;
  if (typeof prefetch !== 'object' || prefetch === null) return [];
  const problems: KnowledgeProblem[] = [];
  for (const [key, template] of Object.entries(prefetch)) {
    if (typeof template !== 'string') continue;
    for (const token of tokensOf(template)) {
      if (!ALLOWED_PREFETCH_TOKENS.includes(token)) {
        problems.push({
          file,
          pointer: `/prefetch/${pointerSegment(key)}`,
          message: `token {{${token}}} is not a CDS Hooks 2.0 prefetch token; expected one of ${ALLOWED_PREFETCH_TOKENS.map((t) => `{{${t}}}`).join(', ')}`,
        });
      }
    }
  }
  return problems;
}

function describe(error: ErrorObject): string {
  if (error.keyword === 'additionalProperties') {
    return 'unknown field; expected only id, hook, title, description, prefetch, usageRequirements or _-prefixed notes';
  }
  const allowed = error.params['allowedValues'] as unknown;
  return `${error.message ?? 'invalid'}${Array.isArray(allowed) ? `: ${allowed.join(', ')}` : ''}`;
}

/**
 * Only the fields CDS Hooks 2.0 §Discovery publishes: internal `_…` keys stay behind, and an empty prefetch or
 * usageRequirements is left out. The loader keeps these; discovery serves them (also for hand-built services).
 */
export function publishedFields(service: CdsServiceDescriptor): CdsServiceDescriptor {
  const { id, hook, title, description, prefetch, usageRequirements } = service;
  return {
    hook,
    title,
    description,
    id,
    ...(prefetch !== undefined && Object.keys(prefetch).length > 0 ? { prefetch } : {}),
    ...(usageRequirements !== undefined && usageRequirements !== '' ? { usageRequirements } : {}),
  };
}

/** Read every `*.json` of `dir` (sorted by name). Throws ServiceDefinitionError listing every problem. */
export function loadServiceDefinitions(dir: string): readonly CdsServiceDescriptor[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  } catch {
    throw new ServiceDefinitionError([{ file: dir, pointer: '', message: 'cannot read the folder; expected a folder of service definition JSON files' }]);
  }
  if (files.length === 0) {
    throw new ServiceDefinitionError([{ file: dir, pointer: '', message: 'no *.json service definition found; expected at least one' }]);
  }
  const problems: KnowledgeProblem[] = [];
  const services: CdsServiceDescriptor[] = [];
  const fileById = new Map<string, string>();
  for (const name of files) {
    const file = join(dir, name);
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      problems.push({ file, pointer: '', message: `not valid JSON (${(err as Error).message}); expected one JSON object` });
      continue;
    }
    const found = [...schemaProblems(file, data), ...tokenProblems(file, data)];
    problems.push(...found);
    if (found.length > 0) continue;
    const descriptor = publishedFields(data as CdsServiceDescriptor);
    // One id, one hook: the invocation route looks a service up by id and then checks the request's hook.
    const earlier = fileById.get(descriptor.id);
    if (earlier !== undefined) {
      problems.push({ file, pointer: '/id', message: `duplicate service id "${descriptor.id}" (also in ${earlier}); expected unique ids` });
      continue;
    }
    fileById.set(descriptor.id, file);
    services.push(descriptor);
  }
  if (problems.length > 0) throw new ServiceDefinitionError(problems);
  return services;
}
