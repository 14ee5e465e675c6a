/** One line per changed field of an audit entry, in words a reader can scan ("statedLevel: 2 → 3"). */
export interface ChangeLine {
  field: string;
  from?: string;
  to?: string;
}

const MAX_VALUE_LENGTH = 120;

/** Fields whose value differs between before and after (both sides shown), or the filled fields of a creation. */
export function changesOf(before: Record<string, unknown> | null, after: Record<string, unknown> | null): ChangeLine[] {
  const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  return fields
    .filter((field) => JSON.stringify(before?.[field]) !== JSON.stringify(after?.[field]))
    // A creation's empty fields say nothing.
    .filter((field) => before !== null || (after?.[field] !== null && after?.[field] !== undefined))
    .map((field) => ({
      field,
      from: before && field in before ? show(before[field]) : undefined,
      to: after && field in after ? show(after[field]) : undefined,
    }));
}

function show(value: unknown): string {
  if (value === null || value === undefined) return '–';
  if (Array.isArray(value)) return `${value.length} item${value.length === 1 ? '' : 's'}`;
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text;
}
