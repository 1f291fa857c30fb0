/**
 * CDS Hooks 2.0 prefetch tokens: which ones a template may use, and how a template is expanded for one call.
 * @see https://cds-hooks.hl7.org/2.0/#prefetch-tokens (CONFORMANCE §3.5 P2–P6)
 */
import type { HookContext } from './types';

/**
 * 2.0 allows only root-level primitive context fields marked "Prefetch Token: Yes" (userId, patientId,
 * encounterId for all four hooks here; never selections/draftOrders) and the four user tokens.
 */
export const ALLOWED_PREFETCH_TOKENS: readonly string[] = [
  'context.patientId',
  'context.userId',
  'context.encounterId',
  'userPractitionerId',
  'userPractitionerRoleId',
  'userPatientId',
  'userRelatedPersonId',
];

const TOKEN = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Every `{{…}}` token name used in a template, in order. */
export function tokensOf(template: string): string[] {
  return [...template.matchAll(TOKEN)].map((m) => m[1] ?? '');
}

/** `{{userPractitionerId}}` is the id part of userId when userId is `Practitioner/<id>`, and so on. */
const USER_TOKEN_TYPES: Readonly<Record<string, string>> = {
  userPractitionerId: 'Practitioner',
  userPractitionerRoleId: 'PractitionerRole',
  userPatientId: 'Patient',
  userRelatedPersonId: 'RelatedPerson',
};

function tokenValue(token: string, context: HookContext): string | undefined {
  const userType = USER_TOKEN_TYPES[token];
  if (userType !== undefined) {
    const [type, id] = context.userId.split('/');
    return type === userType && id ? id : undefined;
  }
  if (!token.startsWith('context.')) return undefined;
  const value = context[token.slice('context.'.length)];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Encode each path segment, so that a `Type/id` value stays a path while nothing else can leak into the URL. */
function encodeValue(value: string): string {
  return value.split('/').map(encodeURIComponent).join('/');
}

/**
 * The relative FHIR request for one template, or null when a token has no value in this call (e.g.
 * `{{userPractitionerId}}` when the user is a PractitionerRole): such a query cannot match anything.
 */
export function expandTemplate(template: string, context: HookContext): string | null {
  let unresolved = false;
  const expanded = template.replace(TOKEN, (_whole, token: string) => {
    const value = tokenValue(token, context);
    if (value === undefined) {
      unresolved = true;
      return '';
    }
    return encodeValue(value);
  });
  return unresolved ? null : expanded;
}
