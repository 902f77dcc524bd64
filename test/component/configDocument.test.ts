import { parseConfigText } from "../../common/config/schema";
import { configHash, configParameterValue } from "../../component/configDocument";
import { resolvedArgs } from "./resolvedArgs";

describe("configParameterValue and configHash", () => {
  const config = resolvedArgs({ sourceRegistryAccountId: "123456789012", tags: { b: "2", a: "1" } }).config;

  it("writes a document the Lambda's schema reads back unchanged", () => {
    expect(parseConfigText(configParameterValue(config))).toEqual({ ok: true, config });
  });

  it("does not depend on the order the args listed tags in", () => {
    const reordered = resolvedArgs({
      sourceRegistryAccountId: "123456789012",
      tags: { a: "1", b: "2" },
    }).config;

    expect(configParameterValue(reordered)).toBe(configParameterValue(config));
    expect(configHash(reordered)).toBe(configHash(config));
  });

  it("changes the hash when a field changes", () => {
    expect(configHash({ ...config, mode: "detect" })).not.toBe(configHash(config));
  });
});
