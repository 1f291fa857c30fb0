/** "Now" for the HTTP shell: fixed by CDS_CLOCK (replay, tests) or the system clock. The clinical core gets it as a parameter. */
export type Clock = () => Date;

export function createClock(fixedInstant: string | null): Clock {
  if (fixedInstant === null) return () => new Date();
  const fixed = Date.parse(fixedInstant);
  if (Number.isNaN(fixed)) throw new Error(`not an ISO instant: ${fixedInstant}`);
  return () => new Date(fixed);
}
