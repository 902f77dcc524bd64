import * as main from "../../component";

describe("the package main", () => {
  it("exports only the component, its function form and its error class at runtime (the rest are types)", () => {
    expect(Object.keys(main).sort()).toEqual([
      "EcrPullThroughCache",
      "EcrPullThroughCacheArgsError",
      "createEcrPullThroughCache",
    ]);
  });
});
