/**
 * Summarises a V8 .cpuprofile: self time by function and by file (node_modules grouped by package), and the
 * inclusive time of our own functions — enough to see where a request's time goes without a browser.
 *   node dist/bench/profile-summary.js <file.cpuprofile> [top]
 */
import fs from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}
interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

function fileGroup(url: string): string {
  if (url === '') return '(native/vm)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg?.[1] !== undefined) return `pkg:${pkg[1]}`;
  if (url.startsWith('node:')) return url;
  const own = /dist\/((?:src|bench)\/.*)$/.exec(url); // any build folder: dist/, .h15-dist/, …
  return own?.[1] ?? url;
}

function main(): void {
  const [file, topRaw] = process.argv.slice(2);
  if (file === undefined) throw new Error('usage: profile-summary.js <file.cpuprofile> [top]');
  const top = Number(topRaw ?? 25);
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const self = new Map<number, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    self.set(id, (self.get(id) ?? 0) + dt);
  });

  const selfByFunction = new Map<string, number>();
  const selfByFile = new Map<string, number>();
  const inclusiveOwn = new Map<string, number>();
  const inclusiveByFile = new Map<string, number>();
  for (const [id, time] of self) {
    const node = byId.get(id);
    if (node === undefined) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const key = `${functionName || '(anonymous)'} ${fileGroup(url)}:${lineNumber + 1}`;
    selfByFunction.set(key, (selfByFunction.get(key) ?? 0) + time);
    selfByFile.set(fileGroup(url), (selfByFile.get(fileGroup(url)) ?? 0) + time);
    // Inclusive time of our own (dist/src) functions and of every file/package: walk up the stack, counting
    // each function (each file) once per sample.
    const seen = new Set<string>();
    const seenFiles = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame;
      if (frame === undefined) continue;
      const group = fileGroup(frame.url);
      if (!seenFiles.has(group)) {
        seenFiles.add(group);
        inclusiveByFile.set(group, (inclusiveByFile.get(group) ?? 0) + time);
      }
      if (!frame.url.includes('dist/src/')) continue;
      const ownKey = `${frame.functionName || '(anonymous)'} ${fileGroup(frame.url)}:${frame.lineNumber + 1}`;
      if (seen.has(ownKey)) continue;
      seen.add(ownKey);
      inclusiveOwn.set(ownKey, (inclusiveOwn.get(ownKey) ?? 0) + time);
    }
  }
  const print = (title: string, map: Map<string, number>): void => {
    process.stdout.write(`\n${title}\n`);
    for (const [key, time] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      process.stdout.write(`${((100 * time) / total).toFixed(1).padStart(6)} %  ${(time / 1000).toFixed(0).padStart(7)} ms  ${key}\n`);
    }
  };
  process.stdout.write(`total sampled ${(total / 1000).toFixed(0)} ms`);
  print('self time by file / package', selfByFile);
  print('self time by function', selfByFunction);
  print('inclusive time by file / package', inclusiveByFile);
  print('inclusive time, our code (*dist/src)', inclusiveOwn);
}

main();
