// Bodies of pages drawn from a published cycle's frozen answers. ScoringService returns the same deeply frozen
// scorecard array for as long as the cycle's snapshot and the catalogue are unchanged (PublishedScorecardsCache),
// so a body kept with that array is right exactly as long as the array is: a new snapshot or a catalogue load
// gives a new array (and the old one, with its bodies, is let go). Live and group-filtered answers are not
// frozen and are never kept.
const bodies = new WeakMap<object, Map<string, string>>();

export function keptBody(frozen: object, key: string): string | undefined {
  return Object.isFrozen(frozen) ? bodies.get(frozen)?.get(key) : undefined;
}

export function keepBody(frozen: object, key: string, body: string): string {
  if (Object.isFrozen(frozen)) {
    const perAnswer = bodies.get(frozen) ?? new Map<string, string>();
    perAnswer.set(key, body);
    bodies.set(frozen, perAnswer);
  }
  return body;
}
