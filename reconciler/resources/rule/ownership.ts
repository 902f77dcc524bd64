/** What decides whether a rule is ours. Rules cannot be tagged, so the evidence is gathered around them. */
export interface RuleEvidence {
  /** Our record lists the rule's prefix: we created or adopted a rule there. */
  readonly listed: boolean;
  /**
   * The owner tag of the role the rule points at: a string when that role carries one, undefined when the
   * rule has no role, the role does not exist, or it carries no owner tag.
   */
  readonly roleOwner: string | undefined;
}

/**
 * A rule is ours only while our record lists it (we created or adopted it), and never while it points at a
 * role another reconciler owns (it was taken over). Pointing at a role of ours proves nothing: someone else's
 * rule may point at a role we created or adopted. A lost record therefore turns our rules into conflicts until
 * `adopt: true`, which is the safe side.
 *
 * @example
 * ruleIsOurs({ listed: true, roleOwner: "p/s/echo" }, "p/s/echo"); // true
 * ruleIsOurs({ listed: false, roleOwner: "p/s/echo" }, "p/s/echo"); // false
 */
export function ruleIsOurs(evidence: RuleEvidence, ownerId: string): boolean {
  return evidence.listed && (evidence.roleOwner === undefined || evidence.roleOwner === ownerId);
}
