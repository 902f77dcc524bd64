import { CUSTOM_RESOURCE_SOURCE } from "../../common/constants";
import { lifecycleInput, parseInvocationResult, reportOutputs } from "../../component/invocation";

describe("lifecycleInput", () => {
  const values = {
    deploymentId: "arn:fn",
    deletionPolicy: "retain",
    configSource: "ssm",
    configHash: "abc",
    packageVersion: "2.1.0",
  } as const;

  it("serialises source, deletion policy, deployment id and package version, without the hash SSM owns", () => {
    expect(lifecycleInput(values)).toBe(
      JSON.stringify({
        source: CUSTOM_RESOURCE_SOURCE,
        deletionPolicy: "retain",
        deploymentId: "arn:fn",
        packageVersion: "2.1.0",
      }),
    );
  });

  it("includes the config hash when the program owns the config", () => {
    expect(JSON.parse(lifecycleInput({ ...values, configSource: "pulumi" })).configHash).toBe("abc");
  });

  it.each([
    { reason: "a new package version", change: { packageVersion: "2.2.0" } },
    { reason: "a new deletion policy", change: { deletionPolicy: "delete" } },
    { reason: "a new function", change: { deploymentId: "arn:fn2" } },
  ] as const)("changes the input text on $reason, so the provider runs an update", ({ change }) => {
    expect(lifecycleInput({ ...values, ...change })).not.toBe(lifecycleInput(values));
  });

  it("keeps the input text when only a config SSM owns changes", () => {
    expect(lifecycleInput({ ...values, configHash: "def" })).toBe(lifecycleInput(values));
  });
});

describe("parseInvocationResult and reportOutputs", () => {
  it.each([undefined, "", "not json", "null", "[1]", '"IN_SYNC"'])("gives undefined for %j", (result) => {
    expect(parseInvocationResult(result)).toBeUndefined();
    expect(reportOutputs(result)).toBeUndefined();
  });

  it("reads the report and its outputs", () => {
    const outputs = { roleArn: "arn:role", cachePrefix: "echo" };
    const result = JSON.stringify({ status: "REMEDIATED", outputs });

    expect(parseInvocationResult(result)?.status).toBe("REMEDIATED");
    expect(reportOutputs(result)).toEqual(outputs);
  });

  it("gives undefined outputs for a report without them", () => {
    expect(reportOutputs(JSON.stringify({ status: "PAUSED" }))).toBeUndefined();
  });
});
