/** How the episode reads in a summary: "gastrocnemius, right"; "peroneal + posterior tibial, left". */
import type { Episode } from '../../clinical/types';

export function veinWords(episode: Episode | null): string {
  if (!episode) return 'calf';
  const names = [...new Set(episode.veins.map((v) => v.vein.replace(/-/g, ' ')))];
  const veins = names.length === 0 ? 'calf vein' : names.length > 2 ? `${names.length} calf veins` : names.join(' + ');
  const side = episode.side === 'unknown' ? '' : `, ${episode.side}`;
  return `${veins}${side}`;
}
