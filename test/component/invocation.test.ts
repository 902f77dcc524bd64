import { CUSTOM_RESOURCE_SOURCE } from "../../common/constants";
import { invocationInput, parseInvocationResult, reportOutputs } from "../../component/invocation";

describe("invocationInput", () => {
  it("serialises source, deletion policy and deployment id, omitting an absent config hash", () => {
    expect(
      JSON.parse(
        invocationInput({ source: CUSTOM_RESOURCE_SOURCE, deletionPolicy: "retain", deploymentId: "arn:fn" }),
      ),
    ).toEqual({ source: CUSTOM_RESOURCE_SOURCE, deletionPolicy: "retain", deploymentId: "arn:fn" });
  });

  it("includes the config hash when given", () => {
    expect(
      JSON.parse(
        invocationInput({
          source: CUSTOM_RESOURCE_SOURCE,
          deletionPolicy: "delete",
          deploymentId: "arn:fn",
          configHash: "abc",
        }),
      ).configHash,
    ).toBe("abc");
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
