import { mkdirSync, writeFileSync } from 'node:fs';

/**
 * Prints the figures a reliability suite measured (for the closing note of issue 9) and keeps them in
 * .data/reliability-figures/<suite>.json.
 */
export function reportFigures(suite: string, figures: Record<string, unknown>): void {
  const lines = Object.entries(figures).map(([key, value]) => `  ${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`);
  console.log(`[reliability] ${suite}\n${lines.join('\n')}`);
  mkdirSync('.data/reliability-figures', { recursive: true });
  writeFileSync(`.data/reliability-figures/${suite}.json`, JSON.stringify(figures, null, 2) + '\n');
}
