import { parseConfigText } from "../../common/config/schema";
import { configDocument, configHash, configParameterValue } from "../../component/configDocument";
import { CONFIG_SCHEMA_REF } from "../../component/constants";
import { resolvedArgs } from "./resolvedArgs";

describe("configDocument", () => {
  it.each([
    {
      reason: "the seed's args write the account id only, beside version and $schema",
      args: { sourceRegistryAccountId: "123456789012" },
      document: { $schema: CONFIG_SCHEMA_REF, version: 1, sourceRegistryAccountId: "123456789012" },
    },
    {
      reason: "a prefix without a role name leaves the role name to be derived from the prefix",
      args: { sourceRegistryAccountId: "123456789012", repositoryPrefix: "team-a" },
      document: {
        $schema: CONFIG_SCHEMA_REF,
        version: 1,
        sourceRegistryAccountId: "123456789012",
        repositoryPrefix: "team-a",
      },
    },
    {
      reason: "a value that equals its default is still written when the args set it",
      args: { sourceRegistryAccountId: "123456789012", mode: "enforce" as const, repositoryTemplate: {} },
      document: {
        $schema: CONFIG_SCHEMA_REF,
        version: 1,
        sourceRegistryAccountId: "123456789012",
        mode: "enforce",
        repositoryTemplate: {},
      },
    },
    {
      reason: "component settings and keys set to undefined (an object spread) stay out",
      args: { sourceRegistryAccountId: "123456789012", roleName: undefined, schedule: "rate(1 hour)" },
      document: { $schema: CONFIG_SCHEMA_REF, version: 1, sourceRegistryAccountId: "123456789012" },
    },
  ])("$reason", ({ args, document }) => {
    expect(configDocument(args)).toEqual(document);
  });
});

describe("configParameterValue and configHash", () => {
  const document = resolvedArgs({
    sourceRegistryAccountId: "123456789012",
    tags: { b: "2", a: "1" },
  }).document;

  it("writes a document the Lambda's schema reads with every default applied", () => {
    const parsed = parseConfigText(configParameterValue(document));

    expect(parsed.ok && parsed.config.roleName).toBe("echo-pullthrough-cache-role");
    expect(JSON.parse(configParameterValue(document))).not.toHaveProperty("roleName");
  });

  it("does not depend on the order the args listed tags in", () => {
    const reordered = resolvedArgs({
      sourceRegistryAccountId: "123456789012",
      tags: { a: "1", b: "2" },
    }).document;

    expect(configParameterValue(reordered)).toBe(configParameterValue(document));
    expect(configHash(configParameterValue(reordered))).toBe(configHash(configParameterValue(document)));
  });

  it("changes the hash when a field changes", () => {
    expect(configHash(configParameterValue({ ...document, mode: "detect" }))).not.toBe(
      configHash(configParameterValue(document)),
    );
  });
});
