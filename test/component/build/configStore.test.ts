import { parseConfigText } from "../../../common/config/schema";
import { configParameterValue } from "../../../component/configDocument";
import { CONFIG_SCHEMA_REF } from "../../../component/constants";
import type { EcrPullThroughCacheArgValues } from "../../../component/types";
import { BASIC, type Built, componentFixture, ECHO_ACCOUNT, FULL, PARAM } from "../componentFixture";
import { resolvedArgs } from "../resolvedArgs";

const fixture = componentFixture();

describe("the config store, with the seed's args", () => {
  // One component with the seed's args, built once: the tests below only read what it registered.
  let basic: Built;
  beforeAll(async () => {
    fixture.harness.reset();
    basic = await fixture.build("echo-cache", BASIC);
  });

  it("defaults to SSM owning the config", async () => {
    const b = basic;

    expect(b.one("aws:ssm/parameter:Parameter").ignoreChanges).toEqual(["value"]);
  });

  it("writes only what the args set, with version 1 and $schema, to a String parameter", () => {
    const parameter = basic.one("aws:ssm/parameter:Parameter").inputs;

    expect(parameter).toEqual(expect.objectContaining({ name: PARAM, type: "String", tier: "Standard" }));
    expect(JSON.parse(parameter.value)).toEqual({
      $schema: CONFIG_SCHEMA_REF,
      version: 1,
      sourceRegistryAccountId: ECHO_ACCOUNT,
    });
    expect(parseConfigText(parameter.value)).toEqual({ ok: true, config: resolvedArgs(BASIC).config });
  });

  it("leaves the role name to follow the prefix when the prefix is edited in SSM", () => {
    const stored = JSON.parse(basic.one("aws:ssm/parameter:Parameter").inputs.value);

    const edited = parseConfigText(JSON.stringify({ ...stored, repositoryPrefix: "team-b" }));

    expect(edited.ok && edited.config.roleName).toBe("team-b-pullthrough-cache-role");
  });
});

describe("the config store, with every option", () => {
  let full: Built;
  beforeAll(async () => {
    fixture.harness.reset();
    full = await fixture.build("echo-cache", FULL);
  });

  it("writes every config arg to the parameter, as the Lambda's schema reads it", () => {
    const parsed = parseConfigText(full.one("aws:ssm/parameter:Parameter").inputs.value);

    expect(parsed).toEqual({
      ok: true,
      config: {
        version: 1,
        sourceRegistryAccountId: ECHO_ACCOUNT,
        sourceRegistryRegion: "eu-central-1",
        repositoryPrefix: "echo/hardened",
        upstreamRepositoryPrefix: "images",
        roleName: "legacy-echo-role",
        rolePath: "/",
        tags: { team: "platform" },
        mode: "detect",
        adopt: true,
        allowReplace: false,
      },
    });
  });

  it("diffs the parameter value when Pulumi owns the config", () => {
    expect(full.one("aws:ssm/parameter:Parameter").ignoreChanges).toEqual([]);
  });
});

describe("the config store, when SSM owns the config", () => {
  const seeded = (args: EcrPullThroughCacheArgValues) => configParameterValue(resolvedArgs(args).document);

  it.each([
    { reason: "the first deployment: nothing in SSM yet", stored: undefined, warns: false },
    { reason: "SSM holds what the args write", stored: seeded(BASIC), warns: false },
    {
      reason: "SSM holds the same config in other words (defaults spelled out, keys reordered)",
      stored: JSON.stringify({
        repositoryPrefix: "echo",
        sourceRegistryAccountId: ECHO_ACCOUNT,
        mode: "enforce",
      }),
      warns: false,
    },
  ])("does not warn: $reason", async ({ stored }) => {
    // Prepare
    if (stored !== undefined) fixture.harness.ssm.set(PARAM, stored);
    fixture.harness.ssm.set(`${PARAM}.state`, "{}");

    // Act
    await fixture.build("echo-cache", BASIC);

    // Assess
    expect(fixture.harness.warnings).toEqual([]);
  });

  it("warns during the deployment, naming the fields, when the args differ from SSM", async () => {
    // Prepare: the parameter as an earlier deployment seeded it.
    fixture.harness.ssm.set(PARAM, seeded(BASIC));

    // Act
    const b = await fixture.build("echo-cache", { ...BASIC, repositoryPrefix: "team", tags: { team: "a" } });

    // Assess: the role name follows the prefix, so it differs too.
    expect(fixture.harness.warnings).toEqual([
      {
        message: expect.stringContaining("the args differ from it in repositoryPrefix, roleName, tags"),
        resource: b.component,
      },
    ]);
    expect(fixture.harness.warnings[0]?.message).toContain(PARAM);
    // The value is still Pulumi's to ignore: nothing overwrites the SSM document.
    expect(b.one("aws:ssm/parameter:Parameter").ignoreChanges).toEqual(["value"]);
  });

  it("warns that the document in SSM does not validate", async () => {
    fixture.harness.ssm.set(PARAM, '{"version":1,"mode":"enforcing"}');

    await fixture.build("echo-cache", BASIC);

    expect(fixture.harness.warnings.map((w) => w.message)).toEqual([
      expect.stringContaining("does not validate"),
    ]);
  });

  it("deploys without the check when SSM cannot be read", async () => {
    // Prepare
    fixture.harness.ssm.set(PARAM, seeded({ ...BASIC, repositoryPrefix: "other" }));
    fixture.harness.ssmReadable = false;

    // Act
    const b = await fixture.build("echo-cache", BASIC);

    // Assess
    expect(fixture.harness.warnings).toEqual([]);
    expect(b.many("aws:ssm/parameter:Parameter")).toHaveLength(1);
  });

  it("neither reads nor warns when Pulumi owns the config (its value is restored instead)", async () => {
    fixture.harness.ssm.set(PARAM, seeded({ ...BASIC, repositoryPrefix: "other" }));

    await fixture.build("echo-cache", { ...BASIC, configSource: "pulumi" });

    expect(fixture.harness.warnings).toEqual([]);
  });
});
