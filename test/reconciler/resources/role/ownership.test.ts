import { OWNER_TAG_KEY } from "../../../../common/constants";
import { desiredState } from "../../../../reconciler/engine/desired";
import { roleClaim, roleIsOurs, roleOwner } from "../../../../reconciler/resources/role/ownership";
import type { RoleActual } from "../../../../reconciler/resources/role/types";
import { CTX, configOf, roleInSync } from "../../builders";

describe("roleIsOurs", () => {
  const role = roleInSync(desiredState(configOf(), CTX).role);
  const withTags = (tags: Record<string, string>): RoleActual => ({ ...role, tags });

  it.each<{ reason: string; tags: Record<string, string>; ours: boolean }>([
    {
      reason: "our ownership tag with our owner id makes it ours",
      tags: { [OWNER_TAG_KEY]: CTX.ownerId },
      ours: true,
    },
    {
      reason: "another reconciler's owner id is not ours",
      tags: { [OWNER_TAG_KEY]: "p/s/other" },
      ours: false,
    },
    { reason: "a role without the tag is nobody's", tags: { team: "platform" }, ours: false },
    { reason: "an empty owner value is not our id", tags: { [OWNER_TAG_KEY]: "" }, ours: false },
    {
      reason: "our id under another tag key proves nothing",
      tags: { "buildecho:other": CTX.ownerId },
      ours: false,
    },
  ])("$reason", ({ tags, ours }) => {
    // Act
    const result = roleIsOurs(withTags(tags), CTX.ownerId);

    // Assess
    expect(result).toBe(ours);
  });

  it("names the owner of a tagged role and no owner for an untagged one", () => {
    // Act
    const owners = [roleOwner(withTags({ [OWNER_TAG_KEY]: "p/s/x" })), roleOwner(withTags({}))];

    // Assess
    expect(owners).toEqual(["p/s/x", undefined]);
  });
});

describe("roleClaim", () => {
  const desiredIn = (region: string, roleName?: string) =>
    desiredState(configOf(roleName ? { roleName } : {}), { ...CTX, region, ownerId: "p/s/cache-us" }).role;
  const heldBy = (owner: string | undefined, region: string): RoleActual => {
    const role = roleInSync(desiredState(configOf(), { ...CTX, region }).role);
    const { [OWNER_TAG_KEY]: _ours, ...others } = role.tags;
    return { ...role, tags: owner === undefined ? others : { ...others, [OWNER_TAG_KEY]: owner } };
  };

  it.each<{
    reason: string;
    actual: RoleActual;
    desired: ReturnType<typeof desiredIn>;
    owner?: RegExp;
    remedy?: RegExp;
  }>([
    {
      reason: "another Region's deployment: its owner and Region, and a roleName with this Region",
      actual: heldBy("p/s/cache-eu", "eu-west-1"),
      desired: desiredIn("us-east-1"),
      owner: /^the deployment 'p\/s\/cache-eu' \(its buildecho:pullthrough-cache:owner tag\), in eu-west-1$/,
      remedy:
        /account-wide, one name for all Regions; set roleName .* such as echo-pullthrough-cache-role-us-east-1, in this component's args/,
    },
    {
      reason: "another deployment in this Region: no Region to add, so no name to suggest",
      actual: heldBy("p/s/cache-eu", "us-east-1"),
      desired: desiredIn("us-east-1"),
      owner: /in us-east-1$/,
      remedy: /^IAM role names are account-wide; set roleName to a name no other deployment uses/,
    },
    {
      reason: "our own role is no claim",
      actual: heldBy("p/s/cache-us", "eu-west-1"),
      desired: desiredIn("us-east-1"),
    },
    {
      reason: "an untagged role is nobody's",
      actual: heldBy(undefined, "eu-west-1"),
      desired: desiredIn("us-east-1"),
    },
  ])("$reason", ({ actual, desired, owner, remedy }) => {
    // Act
    const claim = roleClaim(actual, desired, "p/s/cache-us");

    // Assess
    expect(claim?.owner).toEqual(owner ? expect.stringMatching(owner) : undefined);
    expect(claim?.remedy).toEqual(remedy ? expect.stringMatching(remedy) : undefined);
  });

  it("suggests a name that fits IAM's 64 characters", () => {
    // Prepare: a 60-character roleName.
    const desired = desiredIn("ap-southeast-2", "r".repeat(60));

    // Act
    const claim = roleClaim(heldBy("p/s/cache-eu", "eu-west-1"), desired, "p/s/cache-us");

    // Assess
    const suggested = / such as ([^,]+),/.exec(claim?.remedy ?? "")?.[1] ?? "";
    expect(suggested).toBe(`${"r".repeat(49)}-ap-southeast-2`);
    expect(suggested).toHaveLength(64);
  });

  it("names repositoryTemplate.roleName as the field to set when the role is a template's", () => {
    // Prepare
    const desired = desiredIn("us-east-1");

    // Act
    const claim = roleClaim(
      heldBy("p/s/cache-eu", "eu-west-1"),
      desired,
      "p/s/cache-us",
      "repositoryTemplate.roleName",
    );

    // Assess
    expect(claim?.remedy).toMatch(/set repositoryTemplate\.roleName to a name of its own/);
  });
});
