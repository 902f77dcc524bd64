import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CUSTOM_RESOURCE_SOURCE } from "../../../common/constants";
import { configHash, configParameterValue } from "../../../component/configDocument";
import { BASIC, type Built, componentFixture, FULL, fnArn, physical, roleNamed } from "../componentFixture";
import { resolvedArgs } from "../resolvedArgs";

const fixture = componentFixture();
const PACKAGE_VERSION: string = JSON.parse(
  readFileSync(join(__dirname, "..", "..", "..", "package.json"), "utf8"),
).version;

describe("the lifecycle invocation, with the seed's args", () => {
  // One component with the seed's args, built once: the tests below only read what it registered.
  let basic: Built;
  beforeAll(async () => {
    fixture.harness.reset();
    basic = await fixture.build("echo-cache", BASIC);
  });

  it("invokes the reconciler on create, update and delete, after everything its teardown needs", async () => {
    const b = basic;

    const invocation = b.one("aws:lambda/invocation:Invocation");
    expect(invocation.inputs).toEqual(
      expect.objectContaining({
        functionName: physical(b.one("aws:lambda/function:Function")),
        lifecycleScope: "CRUD",
        terraformKey: "tf",
      }),
    );
    expect(JSON.parse(invocation.inputs.input)).toEqual({
      source: CUSTOM_RESOURCE_SOURCE,
      deletionPolicy: "delete",
      deploymentId: fnArn(b),
      packageVersion: PACKAGE_VERSION,
    });
    const needed = [
      roleNamed(b, "echo-cache-reconciler"),
      b.one("aws:iam/rolePolicy:RolePolicy", "echo-cache-reconciler"),
      b.one("aws:cloudwatch/logGroup:LogGroup"),
      b.one("aws:lambda/function:Function"),
      b.one("aws:ssm/parameter:Parameter"),
    ].map((r) => r.urn);
    expect(invocation.dependencies).toEqual(expect.arrayContaining(needed));
  });
});

describe("the lifecycle invocation, with every option", () => {
  let full: Built;
  beforeAll(async () => {
    fixture.harness.reset();
    full = await fixture.build("echo-cache", FULL);
  });

  it("puts the config hash and the retain policy in the custom resource's input", () => {
    const input = JSON.parse(full.one("aws:lambda/invocation:Invocation").inputs.input);

    expect(input).toEqual({
      source: CUSTOM_RESOURCE_SOURCE,
      deletionPolicy: "retain",
      deploymentId: fnArn(full),
      configHash: configHash(configParameterValue(resolvedArgs(FULL).document)),
      packageVersion: PACKAGE_VERSION,
    });
    expect(input.configHash).toMatch(/^[0-9a-f]{64}$/);
  });
});
