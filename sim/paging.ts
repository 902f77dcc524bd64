/**
 * Opaque page tokens (IAM `Marker`, ECR `nextToken`). A token names the last key returned, so a page
 * stays correct when items are added or removed between calls, as AWS's do.
 */

const TOKEN_PREFIX = "sim1.";

/** The token that continues after `key`. */
export function encodeToken(key: string): string {
  return TOKEN_PREFIX + Buffer.from(key, "utf8").toString("base64url");
}

/** The key a token continues after, or undefined when the token is not one of ours. */
export function decodeToken(token: string): string | undefined {
  if (!token.startsWith(TOKEN_PREFIX)) return undefined;
  return Buffer.from(token.slice(TOKEN_PREFIX.length), "base64url").toString("utf8");
}

export interface Page<T> {
  readonly items: T[];
  /** Set when more items follow. */
  readonly next?: string;
}

/**
 * One page of `items` (already sorted by `key`) after the key `after`.
 *
 * @example
 * paginate(["a", "b", "c"], (s) => s, undefined, 2); // { items: ["a", "b"], next: encodeToken("b") }
 */
export function paginate<T>(
  items: readonly T[],
  key: (item: T) => string,
  after: string | undefined,
  limit: number,
): Page<T> {
  const rest = after === undefined ? items : items.filter((item) => key(item) > after);
  const pageItems = rest.slice(0, limit);
  const last = pageItems[pageItems.length - 1];
  return rest.length > limit && last !== undefined
    ? { items: pageItems, next: encodeToken(key(last)) }
    : { items: pageItems };
}

/** Sorts by a string key, by code unit, for output that does not depend on insertion order. */
export function sortBy<T>(items: Iterable<T>, key: (item: T) => string): T[] {
  return [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
