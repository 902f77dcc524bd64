/**
 * Deep copies made in this realm. `structuredClone` is not used: under jest (and any `vm` context) it
 * builds its Dates and objects in Node's outer realm, so `output.createdAt instanceof Date` would be false
 * for simulated outputs while true for the SDK's own deserialized ones.
 */

/**
 * A deep copy of plain data: objects, arrays and Dates are copied; anything else (primitives, class
 * instances such as an AbortSignal or a Uint8Array) is kept as is.
 *
 * @example
 * const output = deepCopy({ createdAt: new Date(0), tags: [{ Key: "a" }] });
 */
export function deepCopy<T>(value: T): T {
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (Array.isArray(value)) return value.map(deepCopy) as T;
  if (typeof value !== "object" || value === null) return value;
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, member]) => [key, deepCopy(member)])) as T;
}
