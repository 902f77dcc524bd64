/**
 * What the component's tests share: the component built under the Pulumi mocks of `pulumiHarness`, with
 * its children found by type and logical name, and the args and names they assert on.
 */
import type { EcrPullThroughCacheArgs } from "../../component";
import type { EcrPullThroughCacheArgValues } from "../../component/types";
import { type Built, buildComponent, physical } from "./builtComponent";
import { ACCOUNT, type Harness, installHarness, PROJECT, REGION, STACK } from "./pulumiHarness";

export { type Built, physical } from "./builtComponent";

export const ECHO_ACCOUNT = "123456789012";
export const ALARM_TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:alerts`;

export const BASIC: EcrPullThroughCacheArgValues = { sourceRegistryAccountId: ECHO_ACCOUNT };
export const FULL: EcrPullThroughCacheArgValues = {
  sourceRegistryAccountId: ECHO_ACCOUNT,
  sourceRegistryRegion: "eu-central-1",
  repositoryPrefix: "echo/hardened",
  upstreamRepositoryPrefix: "images",
  roleName: "legacy-echo-role",
  tags: { team: "platform" },
  mode: "detect",
  adopt: true,
  allowReplace: false,
  schedule: "cron(0 4 * * ? *)",
  deletionPolicy: "retain",
  configSource: "pulumi",
  alarmActions: [ALARM_TOPIC],
  logRetentionInDays: 90,
  lambdaMemorySize: 512,
  architecture: "x86_64",
};
export const PARAM = `/echo-ptc/${PROJECT}/${STACK}/echo-cache/config`;
export const LOG_GROUP = `/echo-ptc/${PROJECT}/${STACK}/echo-cache`;

export interface ComponentFixture {
  /** The mocks' record; installed in `beforeAll`, reset before each test. */
  readonly harness: Harness;
  /** Constructs the component and waits until all of its children are registered. */
  build(name: string, args: EcrPullThroughCacheArgs): Promise<Built>;
}

/** Installs the Pulumi mocks for this test file (call at the top level of the file). */
export function componentFixture(): ComponentFixture {
  let installed: Harness | undefined;
  beforeAll(async () => {
    installed = await installHarness();
  });
  beforeEach(() => {
    installed?.reset();
  });
  const harness = (): Harness => {
    if (installed === undefined) throw new Error("the Pulumi mocks are installed in beforeAll");
    return installed;
  };
  return {
    get harness() {
      return harness();
    },
    build: (name, args) => buildComponent(harness(), name, args),
  };
}

export const fnArn = (b: Built) =>
  `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${physical(b.one("aws:lambda/function:Function"))}`;
export const paramArn = (paramName: string) => `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter${paramName}`;
export const roleNamed = (b: Built, logical: string) => b.one("aws:iam/role:Role", logical);
export const policyOf = (b: Built, logical: string) =>
  JSON.parse(b.one("aws:iam/rolePolicy:RolePolicy", logical).inputs.policy);
