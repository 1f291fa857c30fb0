/**
 * Answers remembered across requests under two string keys (a system and a code, say), looked up without
 * building a key string, and cleared when `limit` answers are held: the keys come from requests, so the memo is
 * bounded whatever clients send. Holds whatever the caller stores — callers store derived answers, never
 * patient data.
 */
export class PairMemo<V> {
  private readonly byOuter = new Map<string, Map<string, V>>();
  private size = 0;

  constructor(private readonly limit: number) {}

  /** The remembered answer, or `miss` when none (so that `undefined` can be an answer). */
  get<M>(outer: string, inner: string, miss: M): V | M {
    const byInner = this.byOuter.get(outer);
    if (byInner === undefined) return miss;
    const value = byInner.get(inner);
    return value !== undefined || byInner.has(inner) ? (value as V) : miss;
  }

  set(outer: string, inner: string, value: V): void {
    if (this.size >= this.limit) {
      this.byOuter.clear();
      this.size = 0;
    }
    let byInner = this.byOuter.get(outer);
    if (byInner === undefined) {
      byInner = new Map();
      this.byOuter.set(outer, byInner);
    }
    byInner.set(inner, value);
    this.size += 1;
  }
}
