import {
  configParameterName,
  dashboardName,
  functionName,
  logGroupName,
  ownerId,
  ownerIdErrors,
  roleArn,
  stateParameterArn,
  stateParameterName,
} from "../../component/naming";

const ID = { project: "platform", stack: "prod", name: "echo-cache" };

describe("naming", () => {
  it("derives the owner id and every chosen name from project, stack and name", () => {
    expect(ownerId(ID)).toBe("platform/prod/echo-cache");
    expect(configParameterName(ID)).toBe("/echo-ptc/platform/prod/echo-cache/config");
    expect(stateParameterName(configParameterName(ID))).toBe(
      "/echo-ptc/platform/prod/echo-cache/config.state",
    );
    expect(logGroupName(ID)).toBe("/echo-ptc/platform/prod/echo-cache");
  });

  it("gives different names to different stacks and names", () => {
    const names = [ID, { ...ID, stack: "dev" }, { ...ID, name: "other" }, { ...ID, project: "p2" }].map(
      configParameterName,
    );

    expect(new Set(names).size).toBe(4);
  });

  it("derives the state parameter ARN from the config parameter ARN", () => {
    expect(stateParameterArn("arn:aws:ssm:eu-west-1:111111111111:parameter/echo-ptc/p/s/n/config")).toBe(
      "arn:aws:ssm:eu-west-1:111111111111:parameter/echo-ptc/p/s/n/config.state",
    );
  });

  it("builds role ARNs with their path", () => {
    expect(roleArn({ partition: "aws", accountId: "111111111111", path: "/", name: "r" })).toBe(
      "arn:aws:iam::111111111111:role/r",
    );
    expect(roleArn({ partition: "aws", accountId: "111111111111", path: "/a/b/", name: "r" })).toBe(
      "arn:aws:iam::111111111111:role/a/b/r",
    );
  });

  it("names the dashboard after the owner id, in the characters dashboard names allow", () => {
    const name = dashboardName(ID);

    expect(name).toMatch(/^echo-ptc_platform_prod_echo-cache_[0-9a-f]{8}$/);
    expect(dashboardName({ ...ID, project: "my.project" })).toMatch(
      /^echo-ptc_my_project_prod_echo-cache_[0-9a-f]{8}$/,
    );
  });

  it.each([
    { reason: "two instances in one stack differ by name", a: ID, b: { ...ID, name: "other" } },
    { reason: "one instance in two stacks differs by stack", a: ID, b: { ...ID, stack: "dev" } },
    { reason: "one instance in two projects differs by project", a: ID, b: { ...ID, project: "p2" } },
    {
      reason: "owner ids that read the same once '/' and '.' become '_' still differ by their hash",
      a: { project: "a_b", stack: "c", name: "n" },
      b: { project: "a", stack: "b_c", name: "n" },
    },
    { reason: "'.' and '_' differ", a: { ...ID, name: "team.a" }, b: { ...ID, name: "team_a" } },
  ])("gives distinct dashboard and function names: $reason", ({ a, b }) => {
    expect(dashboardName(a)).not.toBe(dashboardName(b));
    expect(functionName(a)).not.toBe(functionName(b));
  });

  it("names the function after the component, the same on every deployment of the stack", () => {
    expect(functionName(ID)).toMatch(/^echo-ptc-echo-cache-[0-9a-f]{8}$/);
    expect(functionName({ ...ID })).toBe(functionName(ID));
    expect(functionName({ ...ID, name: "team.a" })).toMatch(/^echo-ptc-team_a-[0-9a-f]{8}$/);
  });

  it("keeps the longest component name's function name within Lambda's 64 characters", () => {
    // The component name is at most 40 characters; the hash of the owner id is never cut.
    const name = functionName({ project: "p".repeat(100), stack: "s".repeat(100), name: "n".repeat(40) });

    expect(name.length).toBeLessThanOrEqual(64);
    expect(name).toMatch(/^echo-ptc-n{40}-[0-9a-f]{8}$/);
  });

  it("keeps the longest owner id's dashboard name within 255 characters, cutting the readable part, not the hash", () => {
    // Pulumi allows 100-character project and stack names; the component name is at most 40.
    const long = { project: "p".repeat(100), stack: "s".repeat(100), name: "n".repeat(40) };
    const other = { ...long, name: `${"n".repeat(39)}m` };

    expect(dashboardName(long)).toHaveLength(255);
    expect(dashboardName(long)).toMatch(/^[A-Za-z0-9_-]+_[0-9a-f]{8}$/);
    expect(dashboardName(long)).not.toBe(dashboardName(other));
  });

  it("accepts Pulumi project/stack names as an IAM tag value and rejects too long or foreign characters", () => {
    expect(ownerIdErrors(ownerId(ID))).toEqual([]);
    expect(ownerIdErrors("p".repeat(257))).toHaveLength(1);
    expect(ownerIdErrors("p/s/n#1")).toHaveLength(1);
  });
});
