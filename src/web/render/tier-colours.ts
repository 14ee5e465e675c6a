import { Tier } from '../../scoring/entities/methodology.entity';

/**
 * The CSS class of a tier (colours in site.css, one place for badges, map and legend); "tier-none" for no data,
 * which is not a tier. Every use also writes the tier in words.
 */
export function tierClass(tier: Tier | string | null | undefined, hasData = true): string {
  return tier && hasData ? `tier-${String(tier).toLowerCase()}` : 'tier-none';
}
