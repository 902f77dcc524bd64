/**
 * Recursively sorts object keys (and drops `undefined` members), so equal values have equal JSON text:
 * what makes reports deterministic and documents comparable.
 *
 * @example
 * JSON.stringify(sortKeys({ b: 1, a: { d: 2, c: 3 } })); // {"a":{"c":3,"d":2},"b":1}
 */
export function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortKeys) as T;
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = sortKeys(v);
    }
    return out as T;
  }
  return value;
}
