import * as pulumi from "@pulumi/pulumi";
import { EcrPullThroughCacheArgsError } from "../../component/errors";
import { validateArgs } from "../../component/validateArgs";

describe("EcrPullThroughCacheArgsError", () => {
  it("names the instance, keeps validateArgs' problems as data, and is a Pulumi ResourceError", () => {
    // Prepare
    const result = validateArgs({ sourceRegistryAccountId: "1" });
    if (result.ok) throw new Error("expected the args to be invalid");

    // Act
    const error = new EcrPullThroughCacheArgsError("echo-cache", result.errors);

    // Assess
    expect(error).toBeInstanceOf(Error);
    expect(pulumi.ResourceError.isInstance(error)).toBe(true);
    expect(error.hideStack).toBe(true);
    expect(error.name).toBe("EcrPullThroughCacheArgsError");
    expect(error.componentName).toBe("echo-cache");
    expect(error.errors).toEqual(result.errors);
    expect(error.message).toContain("EcrPullThroughCache 'echo-cache'");
    expect(error.message).toContain("sourceRegistryAccountId: ");
  });
});
