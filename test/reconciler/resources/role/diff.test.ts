import { OWNER_TAG_KEY } from "../../../../common/constants";
import { desiredState } from "../../../../reconciler/engine/desired";
import { diffRole } from "../../../../reconciler/resources/role/diff";
import type { RoleActual } from "../../../../reconciler/resources/role/types";
import { ADMIN, CTX, configOf, roleInSync, TRUST_WITH_CONDITION } from "../../builders";

describe("diffRole", () => {
  const desired = desiredState(configOf({ tags: { team: "platform", env: "prod" } }), CTX).role;
  const ours = `Policies[${desired.inlinePolicyName}]`;

  it("finds no difference when IAM returns URL-encoded, reordered documents", () => {
    // Prepare
    const actual = roleInSync(desired);

    // Act
    const differences = diffRole(desired, actual);

    // Assess
    expect(differences).toEqual([]);
  });

  it.each([
    {
      reason: "a Condition added to the trust policy changes who may assume the role",
      edit: (a: RoleActual): RoleActual => ({
        ...a,
        trustPolicy: encodeURIComponent(JSON.stringify(TRUST_WITH_CONDITION)),
      }),
      expected: [{ path: "AssumeRolePolicyDocument", type: "NOT_EQUAL" }],
    },
    {
      reason: "an attached AWS managed policy grants more than ours",
      edit: (a: RoleActual): RoleActual => ({ ...a, attachedPolicyArns: [ADMIN] }),
      expected: [{ path: `ManagedPolicyArns[${ADMIN}]`, type: "ADD", actual: ADMIN, expected: undefined }],
    },
    {
      reason: "an extra inline policy grants more than ours",
      edit: (a: RoleActual): RoleActual => ({
        ...a,
        inlinePolicyNames: [...a.inlinePolicyNames, "backdoor"],
      }),
      expected: [{ path: "Policies[backdoor]", type: "ADD", actual: "backdoor", expected: undefined }],
    },
    {
      reason: "our inline policy was deleted",
      edit: ({ inlinePolicy: _gone, ...a }: RoleActual): RoleActual => ({ ...a, inlinePolicyNames: [] }),
      expected: [{ path: ours, type: "REMOVE", actual: undefined }],
    },
    {
      reason: "our inline policy was edited",
      edit: (a: RoleActual): RoleActual => ({
        ...a,
        inlinePolicy: {
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: "ecr:*", Resource: "*" }],
        },
      }),
      expected: [{ path: ours, type: "NOT_EQUAL" }],
    },
    {
      reason: "the role was moved to another path",
      edit: (a: RoleActual): RoleActual => ({ ...a, path: "/other/" }),
      expected: [{ path: "Path", type: "NOT_EQUAL", expected: "/", actual: "/other/" }],
    },
    {
      reason: "a tag the config wants was removed",
      edit: ({ tags: { team: _team, ...tags }, ...a }: RoleActual): RoleActual => ({ ...a, tags }),
      expected: [{ path: "Tags[team]", type: "REMOVE", expected: "platform", actual: undefined }],
    },
    {
      reason: "a tag the config wants has another value",
      edit: (a: RoleActual): RoleActual => ({ ...a, tags: { ...a.tags, env: "dev" } }),
      expected: [{ path: "Tags[env]", type: "NOT_EQUAL", expected: "prod", actual: "dev" }],
    },
    {
      reason: "a tag the config does not want was added",
      edit: (a: RoleActual): RoleActual => ({ ...a, tags: { ...a.tags, extra: "x" } }),
      expected: [{ path: "Tags[extra]", type: "ADD", expected: undefined, actual: "x" }],
    },
    {
      reason: "an empty tag value is not an absent tag",
      edit: (a: RoleActual): RoleActual => ({ ...a, tags: { ...a.tags, team: "" } }),
      expected: [{ path: "Tags[team]", type: "NOT_EQUAL", expected: "platform", actual: "" }],
    },
    {
      reason: "the ownership tag was removed",
      edit: ({ tags: { [OWNER_TAG_KEY]: _owner, ...tags }, ...a }: RoleActual): RoleActual => ({
        ...a,
        tags,
      }),
      expected: [{ path: `Tags[${OWNER_TAG_KEY}]`, type: "REMOVE", expected: CTX.ownerId }],
    },
  ])("reports drift: $reason", ({ edit, expected }) => {
    // Prepare
    const actual = edit(roleInSync(desired));

    // Act
    const differences = diffRole(desired, actual);

    // Assess
    expect(differences).toEqual(expected.map((e) => expect.objectContaining(e)));
  });

  it("sorts differences by path and gives the same answer whatever order IAM lists things in", () => {
    // Prepare
    const drifted: RoleActual = {
      ...roleInSync(desired),
      trustPolicy: TRUST_WITH_CONDITION,
      inlinePolicyNames: ["zeta", desired.inlinePolicyName, "alpha"],
      attachedPolicyArns: [ADMIN, "arn:aws:iam::aws:policy/AmazonS3FullAccess"],
      tags: { zz: "1", [OWNER_TAG_KEY]: CTX.ownerId, team: "other", aa: "2" },
    };
    const reordered: RoleActual = {
      ...drifted,
      inlinePolicyNames: [...drifted.inlinePolicyNames].reverse(),
      attachedPolicyArns: [...drifted.attachedPolicyArns].reverse(),
      tags: Object.fromEntries(Object.entries(drifted.tags).reverse()),
    };

    // Act
    const first = diffRole(desired, drifted);
    const second = diffRole(desired, reordered);

    // Assess
    const paths = first.map((d) => d.path);
    expect(paths).toEqual([...paths].sort());
    expect(paths).toEqual([
      "AssumeRolePolicyDocument",
      "ManagedPolicyArns[arn:aws:iam::aws:policy/AdministratorAccess]",
      "ManagedPolicyArns[arn:aws:iam::aws:policy/AmazonS3FullAccess]",
      "Policies[alpha]",
      "Policies[zeta]",
      "Tags[aa]",
      "Tags[env]",
      "Tags[team]",
      "Tags[zz]",
    ]);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });
});
