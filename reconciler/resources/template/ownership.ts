import type { TemplateActual } from "./types";

/** The description that marks a template as created by this reconciler instance (≤256 characters). */
export function templateOwnerMark(ownerId: string): string {
  return `Managed by the echo-ptc reconciler ${ownerId}`.slice(0, 256);
}

/**
 * Templates cannot be tagged: a template is ours while its description is our mark. The reconciler writes
 * the mark when it creates (or adopts) the template and puts it back as drift.
 *
 * @example
 * templateIsOurs({ ...template, description: templateOwnerMark("p/s/echo") }, "p/s/echo"); // true
 */
export function templateIsOurs(actual: TemplateActual, ownerId: string): boolean {
  return actual.description === templateOwnerMark(ownerId);
}
