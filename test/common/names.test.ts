import { defaultRoleName } from "../../common/config/schema";
import { dnsSuffixOf, inlinePolicyName, registryUrl, repositoryArn, roleArn } from "../../common/names";

describe("registryUrl", () => {
  it("is <account>.dkr.ecr.<region>.<dns suffix>", () => {
    expect(registryUrl("111111111111", "ap-south-1", "amazonaws.com")).toBe(
      "111111111111.dkr.ecr.ap-south-1.amazonaws.com",
    );
  });

  it("takes the partition's DNS suffix from the Region when none is given", () => {
    expect(registryUrl("111111111111", "cn-north-1")).toBe(
      "111111111111.dkr.ecr.cn-north-1.amazonaws.com.cn",
    );
    expect(dnsSuffixOf("eu-west-1")).toBe("amazonaws.com");
  });
});

describe("repositoryArn", () => {
  it("names a repository or a pattern of them in one account and Region", () => {
    expect(repositoryArn("aws", "eu-west-1", "111111111111", "echo/*")).toBe(
      "arn:aws:ecr:eu-west-1:111111111111:repository/echo/*",
    );
  });
});

describe("roleArn", () => {
  it("puts the path between role and the name", () => {
    expect(roleArn("aws", "111111111111", "/teams/", "r")).toBe("arn:aws:iam::111111111111:role/teams/r");
  });
});

describe("inlinePolicyName", () => {
  it.each([
    {
      reason: "the default prefix keeps the name every earlier release used",
      prefix: "echo",
      name: "echo-pullthrough-cache-upstream-access",
    },
    {
      reason: "another prefix gets its own name",
      prefix: "team-a",
      name: "team-a-pullthrough-cache-upstream-access",
    },
    {
      reason: "a '/' becomes '+', as in the default role name, so team/a and team-a never share a name",
      prefix: "team/a",
      name: "team+a-pullthrough-cache-upstream-access",
    },
    {
      reason: "ROOT is a prefix like any other",
      prefix: "ROOT",
      name: "ROOT-pullthrough-cache-upstream-access",
    },
  ])("follows the repository prefix: $reason", ({ prefix, name }) => {
    // Act
    const derived = inlinePolicyName(prefix);

    // Assess
    expect(derived).toBe(name);
    // IAM policyNameType: 1–128 of [\w+=,.@-].
    expect(derived).toMatch(/^[\w+=,.@-]{1,128}$/);
  });

  it("starts like the default role name of the same prefix", () => {
    for (const prefix of ["echo", "team/a/b", "a.b_c"]) {
      expect(inlinePolicyName(prefix).split("-pullthrough-")[0]).toBe(
        defaultRoleName(prefix).split("-pullthrough-")[0],
      );
    }
  });
});
