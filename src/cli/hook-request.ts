/**
 * The least the CLI needs to trust a JSON value as a CDS Hooks request: a known hook and a context with a
 * patientId. (The service validates requests fully with ajv; the CLI only feeds its own engine.)
 */
import type { HookName, HookRequest } from '../cds/types';
import { isObject } from './read-json';

export const HOOK_NAMES: readonly HookName[] = ['patient-view', 'order-select', 'order-sign', 'encounter-discharge'];

export function isHookName(value: unknown): value is HookName {
  return typeof value === 'string' && (HOOK_NAMES as readonly string[]).includes(value);
}

/** The service id that answers a hook (DESIGN.md: `distal-dvt-{hook}`). */
export function serviceIdForHook(hook: HookName): string {
  return `distal-dvt-${hook}`;
}

export function looksLikeHookRequest(value: unknown): value is Record<string, unknown> {
  return isObject(value) && typeof value.hook === 'string' && isObject(value.context);
}

/** The request, or a one-line reason why it is not one. */
export function parseHookRequest(value: unknown): HookRequest | string {
  if (!looksLikeHookRequest(value)) return 'not a CDS Hooks request (needs "hook" and "context")';
  if (!isHookName(value.hook)) return `unknown hook "${String(value.hook)}" (expected one of ${HOOK_NAMES.join(', ')})`;
  const context = value.context as Record<string, unknown>;
  if (typeof context.patientId !== 'string' || context.patientId === '') return 'context.patientId is missing';
  if (value.prefetch !== undefined && !isObject(value.prefetch)) return 'prefetch must be an object';
  return value as unknown as HookRequest;
}
