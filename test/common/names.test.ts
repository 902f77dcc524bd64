import { dnsSuffixOf, registryUrl, repositoryArn, roleArn } from "../../common/names";

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
