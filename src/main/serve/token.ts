import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 random bits, URL-safe: a new one for each run of `sleeve serve`. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Compares in constant time (both sides hashed first, so lengths are equal too). */
export function tokenMatches(expected: string, given: string | undefined): boolean {
  if (given === undefined || given.length === 0) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

/** The token a request carries: `Authorization: Bearer ...` or `x-sleeve-token`. */
export function tokenFromHeaders(headers: { authorization?: string; 'x-sleeve-token'?: string | string[] }): string | undefined {
  const bearer = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '');
  if (bearer) return bearer[1];
  const custom = headers['x-sleeve-token'];
  return Array.isArray(custom) ? custom[0] : custom;
}
