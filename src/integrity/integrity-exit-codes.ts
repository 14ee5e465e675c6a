/** Exit code of `audit:verify` and `files:check` when they find a problem (beside src/cli/exit-codes.ts's 0–3). */
export const EXIT_INTEGRITY_PROBLEM = 4;
