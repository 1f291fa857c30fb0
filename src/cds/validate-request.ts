/**
 * Hook request validation (ajv, one compiled schema per hook) and normalisation into a typed HookRequest.
 * Errors name the field (ajv `instancePath`), never the value it held.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { CdsError } from '../errors';
import { normaliseBundle } from './normalise';
import { hookRequestSchema } from './request-schema';
import { HOOK_NAMES } from './service-definition-schema';
import type { CdsServiceDescriptor, HookName, HookRequest } from './types';

/** `/context/selections/0` → `context.selections[0]` (the FHIRPath-ish form CdsError.field uses). */
export function fieldOf(instancePath: string, child?: string): string {
  const segments = instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (child !== undefined) segments.push(child);
  return segments.reduce((path, s) => (/^\d+$/.test(s) ? `${path}[${s}]` : path === '' ? s : `${path}.${s}`), '');
}

function invalidRequestError(error: ErrorObject): CdsError {
  const child =
    error.keyword === 'required' || error.keyword === 'dependencies' ? String(error.params['missingProperty']) : undefined;
  const field = fieldOf(error.instancePath, child) || 'body';
  const message =
    child !== undefined
      ? `${field} is required`
      : error.keyword === 'pattern'
        ? `${field} has an invalid format`
        : `${field} ${error.message ?? 'is invalid'}`;
  return new CdsError('ERR_INVALID_REQUEST', message, field);
}

export type HookRequestValidator = (body: unknown, service: CdsServiceDescriptor) => HookRequest;

/** Compile the four hook schemas once; the returned function validates one request for one service. */
export function createHookRequestValidator(): HookRequestValidator {
  const ajv = new Ajv({ allErrors: false, strict: true, allowUnionTypes: true });
  addFormats(ajv);
  const byHook = new Map<HookName, ValidateFunction>(HOOK_NAMES.map((hook) => [hook, ajv.compile(hookRequestSchema(hook))]));

  return (body, service) => {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new CdsError('ERR_INVALID_REQUEST', 'the request body must be a JSON object', 'body');
    }
    const hook = (body as { hook?: unknown }).hook;
    if (hook !== service.hook) {
      // Checked first so that a call to the wrong service says so, not which context field it lacks.
      throw new CdsError('ERR_INVALID_REQUEST', `hook must be "${service.hook}" for service ${service.id}`, 'hook');
    }
    const validate = byHook.get(service.hook);
    if (validate === undefined) throw new CdsError('ERR_INTERNAL', `no schema for hook ${service.hook}`);
    if (!validate(body)) {
      const first = validate.errors?.[0];
      throw first ? invalidRequestError(first) : new CdsError('ERR_INVALID_REQUEST', 'invalid request', 'body');
    }
    const request = body as HookRequest;
    checkSelections(request);
    return normaliseRequest(request);
  };
}

/** order-select: every selection must name an entry of draftOrders (hook library, order-select). */
function checkSelections(request: HookRequest): void {
  const selections: unknown = request.context.selections;
  if (selections === undefined) return;
  if (!Array.isArray(selections)) {
    throw new CdsError('ERR_INVALID_REQUEST', 'context.selections must be an array of Type/id references', 'context.selections');
  }
  const entries: unknown = request.context.draftOrders?.entry;
  if (entries !== undefined && !Array.isArray(entries)) {
    throw new CdsError('ERR_INVALID_REQUEST', 'context.draftOrders.entry must be an array', 'context.draftOrders.entry');
  }
  const drafts = new Set(
    ((entries ?? []) as ({ resource?: { resourceType?: string; id?: string } } | null)[]).map(
      (e) => `${e?.resource?.resourceType ?? ''}/${e?.resource?.id ?? ''}`,
    ),
  );
  selections.forEach((selection, index) => {
    if (!drafts.has(selection)) {
      const field = `context.selections[${index}]`;
      throw new CdsError('ERR_INVALID_REQUEST', `${field} does not refer to an entry of context.draftOrders`, field);
    }
  });
}

function normaliseRequest(request: HookRequest): HookRequest {
  const { draftOrders } = request.context;
  const prefetch = request.prefetch ?? undefined; // a literal null prefetch is the same as none sent
  const { prefetch: _dropped, ...rest } = request;
  return {
    ...rest,
    ...(prefetch !== undefined ? { prefetch } : {}),
    context: draftOrders === undefined ? request.context : { ...request.context, draftOrders: normaliseBundle(draftOrders) },
  };
}
