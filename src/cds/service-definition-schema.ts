/**
 * JSON Schema of one service definition file in `hooks/services/*.json` (what discovery publishes).
 * Keys starting with `_` are internal notes for the maintainers: allowed in the file, never published.
 * @see https://cds-hooks.hl7.org/2.0/#response (CONFORMANCE §3.2)
 */
export const HOOK_NAMES = ['patient-view', 'order-select', 'order-sign', 'encounter-discharge'] as const;

export const serviceDefinitionSchema = {
  type: 'object',
  required: ['id', 'hook', 'title', 'description'],
  properties: {
    id: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' },
    hook: { type: 'string', enum: HOOK_NAMES },
    title: { type: 'string', minLength: 1 },
    description: { type: 'string', minLength: 1 },
    prefetch: {
      type: 'object',
      minProperties: 1,
      propertyNames: { pattern: '^[A-Za-z][A-Za-z0-9_]*$' },
      additionalProperties: { type: 'string', minLength: 1, pattern: '^[A-Z][A-Za-z]+([/?]|$)' },
    },
    usageRequirements: { type: 'string', minLength: 1 },
  },
  patternProperties: { '^_': true },
  additionalProperties: false,
} as const;
