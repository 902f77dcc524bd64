import { desiredState } from "../../../../reconciler/engine/desired";
import { reportDifference } from "../../../../reconciler/engine/difference";
import { diffRule, RULE_FIELDS, ruleNeedsReplace } from "../../../../reconciler/resources/rule/diff";
import type { RuleActual } from "../../../../reconciler/resources/rule/types";
import { CTX, configOf } from "../../builders";

describe("diffRule", () => {
  const desired = desiredState(configOf(), CTX).rule;
  /** The rule as Describe returns it when it matches, with AWS's defaults left out. */
  const inSync: RuleActual = {
    ecrRepositoryPrefix: desired.ecrRepositoryPrefix,
    upstreamRegistryUrl: desired.upstreamRegistryUrl,
    customRoleArn: desired.customRoleArn,
    registryId: desired.registryId,
  };

  it.each([
    {
      reason:
        "absent upstreamRegistry and upstreamRepositoryPrefix are AWS's defaults ecr and ROOT, not drift",
      actual: inSync,
      paths: [],
      replace: false,
    },
    {
      reason: "the defaults spelled out are the same rule",
      actual: { ...inSync, upstreamRegistry: "ecr", upstreamRepositoryPrefix: "ROOT" },
      paths: [],
      replace: false,
    },
    {
      reason: "another upstream registry URL needs a new rule",
      actual: { ...inSync, upstreamRegistryUrl: "999999999999.dkr.ecr.us-east-1.amazonaws.com" },
      paths: ["upstreamRegistryUrl"],
      replace: true,
    },
    {
      reason: "another upstream registry type needs a new rule",
      actual: { ...inSync, upstreamRegistry: "ecr-public" },
      paths: ["upstreamRegistry"],
      replace: true,
    },
    {
      reason: "another upstream repository prefix needs a new rule",
      actual: { ...inSync, upstreamRepositoryPrefix: "other" },
      paths: ["upstreamRepositoryPrefix"],
      replace: true,
    },
    {
      reason: "a credential set out of band cannot be cleared by an update",
      actual: {
        ...inSync,
        credentialArn: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:ecr-pullthroughcache/x",
      },
      paths: ["credentialArn"],
      replace: true,
    },
    {
      reason: "another role is changed in place",
      actual: { ...inSync, customRoleArn: "arn:aws:iam::111122223333:role/other" },
      paths: ["customRoleArn"],
      replace: false,
    },
    {
      reason: "a missing role is set in place",
      actual: {
        ecrRepositoryPrefix: inSync.ecrRepositoryPrefix,
        upstreamRegistryUrl: inSync.upstreamRegistryUrl,
      },
      paths: ["customRoleArn"],
      replace: false,
    },
    {
      reason: "an immutable change and a role change together still need a new rule",
      actual: { ...inSync, upstreamRegistry: "quay", customRoleArn: "arn:aws:iam::111122223333:role/other" },
      paths: ["upstreamRegistry", "customRoleArn"],
      replace: true,
    },
  ])("compares rules: $reason", ({ actual, paths, replace }) => {
    // Act
    const differences = diffRule(desired, actual);
    const needsReplace = ruleNeedsReplace(differences);

    // Assess
    expect(differences.map((d) => d.path)).toEqual(paths);
    expect(needsReplace).toBe(replace);
  });

  it("marks a field removed in AWS as REMOVE and one added in AWS as ADD (CloudFormation's meaning)", () => {
    // Prepare
    const actual: RuleActual = {
      ecrRepositoryPrefix: desired.ecrRepositoryPrefix,
      upstreamRegistryUrl: desired.upstreamRegistryUrl,
      credentialArn: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:x",
    };

    // Act
    const differences = diffRule(desired, actual);

    // Assess
    expect(differences.map(reportDifference)).toEqual([
      {
        path: "credentialArn",
        expected: undefined,
        actual: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:x",
        type: "ADD",
      },
      { path: "customRoleArn", expected: desired.customRoleArn, actual: undefined, type: "REMOVE" },
    ]);
  });

  it("treats an absent upstream prefix as a change when the config names one", () => {
    // Prepare
    const wantsPrefix = desiredState(configOf({ upstreamRepositoryPrefix: "hardened" }), CTX).rule;

    // Act
    const differences = diffRule(wantsPrefix, inSync);

    // Assess
    expect(differences.map(reportDifference)).toEqual([
      { path: "upstreamRepositoryPrefix", expected: "hardened", actual: "ROOT", type: "NOT_EQUAL" },
    ]);
    expect(ruleNeedsReplace(differences)).toBe(true);
  });

  it("lets only customRoleArn change in place (ECR's UpdatePullThroughCacheRule)", () => {
    // Act
    const inPlace = RULE_FIELDS.filter((f) => f.update === "in-place").map((f) => f.field);

    // Assess
    expect(inPlace).toEqual(["customRoleArn"]);
  });
});
