import { type RuleEvidence, ruleIsOurs } from "../../../../reconciler/resources/rule/ownership";

const US = "p/s/echo";
const T0 = "2026-11-01T10:00:00.000Z";
const T1 = "2026-11-20T09:00:00.000Z";

/** Our rule as the record and AWS see it after we made it. */
const ours: RuleEvidence = {
  listed: true,
  recordedCreatedAt: T0,
  createdAt: T0,
  asWanted: true,
  roleExists: true,
  roleOwner: US,
  trustOlderRecord: false,
};

describe("ruleIsOurs", () => {
  it.each<{ reason: string; evidence: Partial<RuleEvidence>; ours: boolean }>([
    { reason: "the rule we made, pointing at our role, is ours", evidence: {}, ours: true },
    {
      reason: "a rule someone made at our prefix after ours was deleted is not ours (another creation time)",
      evidence: { createdAt: T1 },
      ours: false,
    },
    {
      reason: "a listed rule pointing at a role another reconciler owns was taken over",
      evidence: { roleOwner: "p/s/other" },
      ours: false,
    },
    {
      reason:
        "a listed rule pointing at a role nobody tags as theirs is not provably ours: the record alone is no key",
      evidence: { roleOwner: undefined },
      ours: false,
    },
    {
      reason: "an unlisted rule pointing at our role is not ours: anyone may point a rule at our role",
      evidence: { listed: false },
      ours: false,
    },
    {
      reason:
        "the rule we made whose role was deleted is named by its recorded creation time alone (no tag left to check)",
      evidence: { roleExists: false, roleOwner: undefined },
      ours: true,
    },
    {
      reason: "an unconfirmed claim does not name a rule whose role is missing",
      evidence: {
        recordedCreatedAt: undefined,
        pendingSince: T0,
        createdAt: T1,
        roleExists: false,
        roleOwner: undefined,
      },
      ours: false,
    },
    {
      reason:
        "a rule created after a create we claimed and never confirmed, and exactly as asked, is ours (a lost response)",
      evidence: { recordedCreatedAt: undefined, pendingSince: T0, createdAt: T1 },
      ours: true,
    },
    {
      reason: "a rule older than our unconfirmed claim is someone else's",
      evidence: { recordedCreatedAt: undefined, pendingSince: T1, createdAt: T0 },
      ours: false,
    },
    {
      reason: "a rule after our unconfirmed claim but not as we asked is someone else's",
      evidence: { recordedCreatedAt: undefined, pendingSince: T0, createdAt: T1, asWanted: false },
      ours: false,
    },
    {
      reason: "an older record's entry (no times) is trusted on the stack owner's deploy",
      evidence: { recordedCreatedAt: undefined, trustOlderRecord: true },
      ours: true,
    },
    {
      reason: "an older record's entry (no times) is not trusted by a scheduled run",
      evidence: { recordedCreatedAt: undefined },
      ours: false,
    },
  ])("$reason", ({ evidence, ours: isOurs }) => {
    // Act
    const result = ruleIsOurs({ ...ours, ...evidence }, US);

    // Assess
    expect(result).toBe(isOurs);
  });
});
