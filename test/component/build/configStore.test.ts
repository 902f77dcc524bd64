import { parseConfigText } from "../../../common/config/schema";
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

  it("writes the defaults as the schema produces them, with version 1, to a String parameter", () => {
    const parameter = basic.one("aws:ssm/parameter:Parameter").inputs;

    expect(parameter).toEqual(expect.objectContaining({ name: PARAM, type: "String", tier: "Standard" }));
    expect(parseConfigText(parameter.value)).toEqual({ ok: true, config: resolvedArgs(BASIC).config });
    expect(JSON.parse(parameter.value).version).toBe(1);
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
