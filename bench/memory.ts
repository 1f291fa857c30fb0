/** Memory snapshots, after a full garbage collection when the process runs with --expose-gc. */

export interface MemorySnapshot {
  readonly rssMb: number;
  readonly heapUsedMb: number;
  readonly gcForced: boolean;
}

const mb = (bytes: number): number => Math.round((bytes / 1048576) * 10) / 10;

function forceGc(): boolean {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc !== 'function') return false;
  // Twice: the first pass can leave finalisers whose objects only the second one frees.
  gc();
  gc();
  return true;
}

/** `collectWorkers`: a full collection in the service's evaluation workers too (their heaps are in the RSS). */
export async function snapshotMemory(collectWorkers: () => Promise<void> = async () => undefined): Promise<MemorySnapshot> {
  // Let closing sockets and timers settle before measuring.
  await new Promise((resolve) => setTimeout(resolve, 200));
  await collectWorkers();
  const gcForced = forceGc();
  const usage = process.memoryUsage();
  return { rssMb: mb(usage.rss), heapUsedMb: mb(usage.heapUsed), gcForced };
}
