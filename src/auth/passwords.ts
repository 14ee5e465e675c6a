import bcrypt from 'bcryptjs';

// bcrypt reads at most 72 bytes; longer passwords are refused rather than silently truncated.
export const MAX_PASSWORD_BYTES = 72;
export const MIN_PASSWORD_LENGTH = 12;

export function hashPassword(password: string, cost: number): Promise<string> {
  return bcrypt.hash(password, cost);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

const dummyHashes = new Map<number, Promise<string>>();

/** Compared against when the email is unknown, at the same cost as real hashes, so both failures take the same time. */
export function dummyHash(cost: number): Promise<string> {
  if (!dummyHashes.has(cost)) dummyHashes.set(cost, bcrypt.hash('no-such-user-password', cost));
  return dummyHashes.get(cost)!;
}

export function passwordProblem(password: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `password must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES) return `password must be at most ${MAX_PASSWORD_BYTES} bytes`;
  return undefined;
}
