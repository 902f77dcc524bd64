import { configDrift, configDriftWarning } from "../../component/configDrift";
import { resolvedArgs } from "./resolvedArgs";

const ECHO = "123456789012";
const config = resolvedArgs({ sourceRegistryAccountId: ECHO, tags: { team: "a" } }).config;

describe("configDrift", () => {
  it.each([
    {
      reason: "the same document",
      stored: { sourceRegistryAccountId: ECHO, tags: { team: "a" } },
      fields: [],
    },
    {
      reason: "defaults spelled out are no difference",
      stored: {
        sourceRegistryAccountId: ECHO,
        tags: { team: "a" },
        rolePath: "/",
        roleName: "echo-pullthrough-cache-role",
      },
      fields: [],
    },
    {
      reason: "a prefix edit moves the derived role name with it",
      stored: { sourceRegistryAccountId: ECHO, tags: { team: "a" }, repositoryPrefix: "team" },
      fields: ["repositoryPrefix", "roleName"],
    },
    {
      reason: "a tag removed in SSM",
      stored: { sourceRegistryAccountId: ECHO },
      fields: ["tags"],
    },
    {
      reason: "a repository template added in SSM",
      stored: {
        sourceRegistryAccountId: ECHO,
        tags: { team: "a" },
        repositoryTemplate: { keepLastImages: 3 },
      },
      fields: ["repositoryTemplate"],
    },
  ])("$reason", ({ stored, fields }) => {
    expect(configDrift(config, JSON.stringify({ version: 1, ...stored }))).toEqual({
      invalid: false,
      fields,
    });
  });

  it.each(["not json", '{"version":2}', "{}"])("finds %j invalid", (stored) => {
    expect(configDrift(config, stored)).toEqual({ invalid: true });
  });
});

describe("configDriftWarning", () => {
  it("is silent when nothing differs, and names the component, the parameter and the fields otherwise", () => {
    const p = { name: "echo-cache", parameterName: "/echo-ptc/p/s/echo-cache/config" };

    expect(configDriftWarning({ ...p, drift: { invalid: false, fields: [] } })).toBeUndefined();
    const text = configDriftWarning({ ...p, drift: { invalid: false, fields: ["mode", "tags"] } });
    expect(text).toContain("EcrPullThroughCache 'echo-cache'");
    expect(text).toContain(p.parameterName);
    expect(text).toContain("mode, tags");
    expect(text).toContain('configSource: "pulumi"');
  });
});
