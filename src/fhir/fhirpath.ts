/**
 * FHIRPath, compiled once at module load with the R4 model (without the model, choice types such as `value[x]`
 * silently return [] — HL7/fhirpath.js#158). Each expression is named and typed: results are filtered by a guard,
 * because fhirpath.js does not validate input (a `valueQuantity: "garbage"` comes back as the string).
 * Evaluation never throws: a failing expression yields [] and the fact says "not recorded".
 *
 * Used for choice types and dates — the parts of a resource that differ by `[x]` suffix. Plain code lookups go
 * through the value-set index instead, so FHIRPath only runs on resources that already matched a value set.
 */
import fhirpath from 'fhirpath';
import r4 from 'fhirpath/fhir-context/r4';
import type { CodeableConcept, Quantity } from 'fhir/r4';

export type Guard<T> = (value: unknown) => value is T;

/** A compiled expression: resource → typed results. */
export type CompiledPath<T> = (resource: unknown) => T[];

export const isString: Guard<string> = (v): v is string => typeof v === 'string' && v !== '';
export const isNumber: Guard<number> = (v): v is number => typeof v === 'number' && Number.isFinite(v);
export const isBoolean: Guard<boolean> = (v): v is boolean => typeof v === 'boolean';
export const isObject: Guard<Record<string, unknown>> = (v): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
export const isQuantity = isObject as Guard<Quantity>;
export const isCodeableConcept = isObject as Guard<CodeableConcept>;

/** Reads a list of resources at once: element i holds what the path gives for resources[i]. */
type EachReader<T> = (resources: readonly Record<string, unknown>[]) => T[][];

/** The list readers of compiled paths that have one (see readEach). */
const eachReaders = new WeakMap<CompiledPath<unknown>, EachReader<unknown>>();

/** The parts of a fhirpath.js ResourceNode (public in its typings) that readEach relies on. */
interface ResultNode {
  readonly parentResNode: ResultNode | null;
  readonly data: unknown;
}

function isResultNode(value: unknown): value is ResultNode {
  return typeof value === 'object' && value !== null && 'parentResNode' in value && 'data' in value;
}

/**
 * One evaluation over the whole list instead of one per resource. Perf (issue 7): fhirpath.js spends ≈ 1 µs per
 * call setting up before it reads anything, then ≈ 0.5 µs per resource, and a chart asks for the dates of dozens
 * of labs of one kind. The results come back unresolved (resolveInternalTypes: false) as ResourceNodes, each
 * traced to its resource through parentResNode. Only plain primitive results are taken — exactly what a single
 * evaluation returns for them (the node's data; metadata-only nodes dropped); anything else (an object, an
 * internal type, a node that cannot be traced, a throw) sends the whole list through the single evaluation.
 */
function eachReader<T>(expression: string, guard: Guard<T>, single: CompiledPath<T>): EachReader<T> {
  const evaluateRaw = fhirpath.compile(expression, r4, { resolveInternalTypes: false });
  const oneByOne = (resources: readonly Record<string, unknown>[]): T[][] => resources.map((r) => single(r));
  return (resources) => {
    if (resources.length < 2) return oneByOne(resources);
    const position = new Map<unknown, number>();
    resources.forEach((resource, i) => position.set(resource, i));
    if (position.size !== resources.length) return oneByOne(resources);
    let nodes: unknown;
    try {
      nodes = evaluateRaw(resources);
    } catch {
      return oneByOne(resources);
    }
    if (!Array.isArray(nodes)) return oneByOne(resources);
    const raw: unknown[][] = resources.map(() => []);
    for (const node of nodes) {
      if (!isResultNode(node)) return oneByOne(resources);
      const data = node.data;
      if (data === null || data === undefined) continue;
      if (typeof data !== 'string' && typeof data !== 'number' && typeof data !== 'boolean') return oneByOne(resources);
      let root: ResultNode = node;
      while (root.parentResNode !== null) root = root.parentResNode;
      const at = position.get(root.data);
      if (at === undefined) return oneByOne(resources);
      raw[at]?.push(data);
    }
    return raw.map((values) => values.filter(guard));
  };
}

/**
 * The values of unresolved result nodes, exactly as the resolved evaluation would return them, or null when one
 * of them needs resolving. Resolving a node is taking its data — an internal type (FP_Type, bigint) or a
 * non-node result is converted instead, and those go back through the resolved evaluation. Nodes without data
 * (metadata only) are dropped, as resolving drops them.
 */
function plainValues(nodes: unknown): unknown[] | null {
  if (!Array.isArray(nodes)) return null;
  const values: unknown[] = [];
  for (const node of nodes) {
    if (!isResultNode(node)) return null;
    const data = node.data;
    if (data === null || data === undefined) continue;
    if (typeof data === 'bigint') return null;
    // Plain JSON objects and arrays only; the resolved evaluation tags them, which throws on a frozen one.
    if (typeof data === 'object' && (!Object.isExtensible(data) || !(Array.isArray(data) || Object.getPrototypeOf(data) === Object.prototype))) return null;
    values.push(data);
  }
  return values;
}

/** Compile `expression` once against the R4 model. */
export function compilePath<T>(expression: string, guard: Guard<T>): CompiledPath<T> {
  const evaluate = fhirpath.compile(expression, r4);
  // Perf (issue 7): read unresolved, then take the nodes' data. Resolving a result object costs ≈ 1 µs (it is
  // tagged with a hidden `__path__` property) and gives the same object back.
  const evaluateRaw = fhirpath.compile(expression, r4, { resolveInternalTypes: false });
  const path = (resource: unknown): T[] => {
    if (!isObject(resource)) return [];
    try {
      const values = plainValues(evaluateRaw(resource));
      if (values !== null) return values.filter(guard);
      const result: unknown = evaluate(resource);
      return Array.isArray(result) ? result.filter(guard) : [];
    } catch {
      return [];
    }
  };
  eachReaders.set(path as CompiledPath<unknown>, eachReader(expression, guard, path) as EachReader<unknown>);
  return path;
}

/**
 * The results of the first expression, in order, that yields any: `a | b | c` read as "a, else b, else c".
 * Perf (issue 7, bench/): for a first-of choice this equals `first()` of the union (a union keeps its left
 * operand's items first), but stops at the branch that answers — one short path instead of four plus the
 * union's de-duplication, which compares dates (≈ 5 µs instead of ≈ 20 µs per Observation date).
 */
export function compileFirstOf<T>(expressions: readonly string[], guard: Guard<T>): CompiledPath<T> {
  const branches = expressions.map((expression) => compilePath(expression, guard));
  const path = (resource: unknown): T[] => {
    for (const branch of branches) {
      const results = branch(resource);
      if (results.length > 0) return results;
    }
    return [];
  };
  // A list goes through each branch at once; the resources a branch left unanswered go on to the next.
  const each: EachReader<T> = (resources) => {
    const out: T[][] = resources.map(() => []);
    let pending = resources.map((_, i) => i);
    for (const branch of branches) {
      if (pending.length === 0) break;
      const results = readEach(branch, pending.map((i) => resources[i] as Record<string, unknown>));
      pending = pending.filter((at, k) => {
        const found = results[k] ?? [];
        if (found.length === 0) return true;
        out[at] = found;
        return false;
      });
    }
    return out;
  };
  eachReaders.set(path as CompiledPath<unknown>, each as EachReader<unknown>);
  return path;
}

/** First result or null. */
export function first<T>(path: CompiledPath<T>, resource: unknown): T | null {
  return path(resource)[0] ?? null;
}

/**
 * `path(resource)` for every resource of the list, in one FHIRPath evaluation where the path allows it (paths
 * compiled here do): element i is exactly what `path(resources[i])` gives.
 */
export function readEach<T>(path: CompiledPath<T>, resources: readonly Record<string, unknown>[]): T[][] {
  const reader = eachReaders.get(path as CompiledPath<unknown>) as EachReader<T> | undefined;
  return reader ? reader(resources) : resources.map((r) => path(r));
}

/** `first(path, resource)` for every resource of the list (see readEach). */
export function firstOfEach<T>(path: CompiledPath<T>, resources: readonly Record<string, unknown>[]): (T | null)[] {
  return readEach(path, resources).map((results) => results[0] ?? null);
}

/**
 * Every FHIRPath expression the fact modules use, compiled once at module load (add new ones here, not per call).
 * The `…When`/`…Onset` dates are first-of choices, read through `first()`: compiled with compileFirstOf (same
 * answer as the union, cheaper).
 */
export const paths = {
  observationQuantity: compilePath('Observation.value.ofType(Quantity)', isQuantity),
  observationConcept: compilePath('Observation.value.ofType(CodeableConcept)', isCodeableConcept),
  observationBoolean: compilePath('Observation.value.ofType(boolean)', isBoolean),
  observationInteger: compilePath('Observation.value.ofType(integer)', isNumber),
  /** When the specimen/measurement applies: dateTime, instant, or the start of a Period; else `issued`. */
  observationWhen: compileFirstOf(
    ['Observation.effective.ofType(dateTime)', 'Observation.effective.ofType(instant)', 'Observation.effective.ofType(Period).start', 'Observation.issued'],
    isString,
  ),
  reportWhen: compileFirstOf(
    ['DiagnosticReport.effective.ofType(dateTime)', 'DiagnosticReport.effective.ofType(Period).start', 'DiagnosticReport.issued'],
    isString,
  ),
  conditionOnset: compileFirstOf(
    ['Condition.onset.ofType(dateTime)', 'Condition.onset.ofType(Period).start', 'Condition.recordedDate'],
    isString,
  ),
  procedureWhen: compileFirstOf(
    ['Procedure.performed.ofType(dateTime)', 'Procedure.performed.ofType(Period).end', 'Procedure.performed.ofType(Period).start'],
    isString,
  ),
  medicationStatementWhen: compileFirstOf(
    ['MedicationStatement.effective.ofType(dateTime)', 'MedicationStatement.effective.ofType(Period).start', 'MedicationStatement.dateAsserted'],
    isString,
  ),
  patientBirthDate: compilePath('Patient.birthDate', isString),
} as const;
