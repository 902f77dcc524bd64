import { EcrPullThroughCacheArgsError } from "../../component/errors";
import { validateArgs } from "../../component/validateArgs";

describe("EcrPullThroughCacheArgsError", () => {
  it("is an error class with its name set and validateArgs' problems in the message", () => {
    const result = validateArgs({ sourceRegistryAccountId: "1" });
    if (result.ok) throw new Error("expected the args to be invalid");

    const error = new EcrPullThroughCacheArgsError(result.errors);

    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("EcrPullThroughCacheArgsError");
    expect(error.errors).toEqual(result.errors);
    expect(error.message).toContain("sourceRegistryAccountId: ");
  });
});
