/** How the episode reads in a summary: "gastrocnemius, right"; "peroneal + posterior tibial, left". */
import type { Episode } from '../../clinical/types';

/** Classifier vein ids that are not a named vein, as a clinician reads them. */
const VEIN_WORDS: Readonly<Record<string, string>> = {
  unspecified: 'vein not named', other: 'other deep vein', 'unspecified-distal': 'calf vein not named',
  'unspecified-proximal': 'proximal vein not named', 'calf-muscular': 'calf muscular vein',
};

export function veinName(vein: string): string {
  return VEIN_WORDS[vein] ?? vein.replace(/-/g, ' ');
}

/** Veins grouped by side, hyphens spoken as spaces; more than two veins on one side are counted instead. */
export function veinWords(episode: Episode | null): string {
  if (!episode || episode.veins.length === 0) {
    const side = episode && episode.side !== 'unknown' ? `, ${episode.side}` : '';
    return `calf vein not named${side}`;
  }
  const bySide = new Map<string, string[]>();
  for (const v of episode.veins) {
    // A vein without its own side takes the episode's (laterality from the ICD code).
    const side = v.side === 'unknown' ? episode.side : v.side;
    const names = bySide.get(side) ?? [];
    const name = veinName(v.vein);
    if (!names.includes(name)) names.push(name);
    bySide.set(side, names);
  }
  const groups = [...bySide].map(([side, names]) => {
    const veins = names.length > 2 ? `${names.length} calf veins` : names.join(' + ');
    return side === 'unknown' ? `${veins}, side not stated` : `${veins}, ${side}`;
  });
  return groups.join('; ');
}

/** The compact form when the full one would push a summary past 139 characters: "4 calf veins, both legs". */
export function veinWordsShort(episode: Episode | null): string {
  if (!episode || episode.veins.length === 0) return 'calf vein not named';
  const n = new Set(episode.veins.map((v) => v.vein)).size;
  const sides = new Set(episode.veins.map((v) => (v.side === 'unknown' ? episode.side : v.side)));
  const side = episode.bilateral || sides.size > 1 || sides.has('bilateral') ? 'both legs' : [...sides][0] ?? 'unknown';
  return `${n} calf vein${n === 1 ? '' : 's'}${side === 'unknown' ? '' : `, ${side}`}`;
}
