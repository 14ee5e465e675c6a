import { ScoringContext } from './scoring.repository';

/**
 * Answers about published cycles, kept in memory. A published cycle's scores are a frozen snapshot (the
 * database refuses any change to it), so an answer computed once stays right for as long as what it also
 * shows from the catalogue (state names, commitment labels) is unchanged. Each answer is stored with a stamp
 * of both, which the request's context query returns anyway: the snapshot's time and the catalogue's last
 * load (by any instance). A different stamp means recompute. Group-filtered answers are never kept, since
 * custom groups change. Bounded, least recently used first out.
 */
export class PublishedScorecardsCache {
  private readonly entries = new Map<string, { stamp: string; value: unknown }>();

  constructor(private readonly capacity = 1000) {}

  /** The stamp under which an answer may be kept, or null when it may not (not a frozen, whole-scope answer). */
  static stamp(context: ScoringContext, group: string | undefined): string | null {
    if (group !== undefined || context.cycleStatus !== 'published' || context.snapshotTakenAt === null) return null;
    return `${context.snapshotTakenAt.toISOString()}|${context.catalogueLoadedAt?.toISOString() ?? ''}`;
  }

  get<T>(key: string, stamp: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry || entry.stamp !== stamp) return undefined;
    // Most recently used last.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value as T;
  }

  /** Keeps a deeply frozen answer: callers share it, so none may change it. */
  set<T>(key: string, stamp: string, value: T): T {
    this.entries.delete(key);
    this.entries.set(key, { stamp, value: deepFreeze(value) });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
