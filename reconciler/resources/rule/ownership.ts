/**
 * What decides whether a rule is ours. Rules cannot be tagged, so the evidence is gathered around them: the
 * record (what we made), ECR (when this rule was created) and IAM (whose its role is).
 */
export interface RuleEvidence {
  /** Our record lists the rule's prefix: we created or adopted a rule there. */
  readonly listed: boolean;
  /** When the rule we made there was created, as the record has it (confirmed after our create). */
  readonly recordedCreatedAt?: string;
  /** When we claimed a create there that was never confirmed (its response was lost, say). */
  readonly pendingSince?: string;
  /** When the rule observed there was created. */
  readonly createdAt?: string;
  /** The rule observed is exactly what the config wants (no difference). */
  readonly asWanted: boolean;
  /** Whether the role the rule points at exists. */
  readonly roleExists: boolean;
  /** That role's ownership tag; undefined when it has none (or does not exist). */
  readonly roleOwner: string | undefined;
  /**
   * The run is the stack owner's deploy (the Pulumi custom resource): it may trust a listed rule of an older
   * record, which knows no creation times (this package's version 2.0), and record the time.
   */
  readonly trustOlderRecord: boolean;
}

/** The record's part of the evidence: it names this very rule, not just the prefix. */
function recordNamesThisRule(e: RuleEvidence): boolean {
  if (!e.listed) return false;
  if (e.recordedCreatedAt !== undefined) return e.createdAt === e.recordedCreatedAt;
  if (e.pendingSince !== undefined)
    return e.asWanted && e.createdAt !== undefined && e.createdAt >= e.pendingSince;
  return e.trustOlderRecord;
}

/**
 * A rule is ours when two pieces of evidence agree, each necessary and neither sufficient:
 * - the record names this very rule: its creation time is the one recorded when we made it (so a rule
 *   someone made at our prefix after ours was deleted is not ours), or it appeared after a create we claimed
 *   and never confirmed and is exactly what we asked for (a create whose response was lost), or it is listed
 *   by an older record and the run is the stack owner's deploy;
 * - it points at a role carrying our ownership tag (the record is an SSM parameter: whoever may write it but
 *   not IAM cannot make us touch a stranger's rule by listing it).
 * One exception: when the role it points at no longer exists there is no tag left to check, and a recorded
 * creation time alone names the rule (it cannot be guessed without reading ECR). Then we repoint it at our
 * role again.
 *
 * @example
 * ruleIsOurs({ listed: true, recordedCreatedAt: t, createdAt: t, asWanted: true, roleExists: true, roleOwner: "p/s/echo", trustOlderRecord: false }, "p/s/echo"); // true
 */
export function ruleIsOurs(e: RuleEvidence, ownerId: string): boolean {
  if (!recordNamesThisRule(e)) return false;
  if (e.roleOwner === ownerId) return true;
  return !e.roleExists && e.recordedCreatedAt !== undefined;
}
