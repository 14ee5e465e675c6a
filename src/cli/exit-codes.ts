/** Exit codes of `npm run cli`, stable for scripts. */
export const EXIT = {
  ok: 0,
  failure: 1,
  invalidInput: 2,
  conflict: 3,
} as const;
