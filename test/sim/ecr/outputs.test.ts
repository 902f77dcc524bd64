import {
  CreatePullThroughCacheRuleCommand,
  DeletePullThroughCacheRuleCommand,
  DescribePullThroughCacheRulesCommand,
  UpdatePullThroughCacheRuleCommand,
  ValidatePullThroughCacheRuleCommand,
} from "@aws-sdk/client-ecr";
import { RULE } from "../helpers";
import { CREATED, LATER, OTHER_ROLE_ARN, setup } from "./helpers";

/** A rule with every optional member an ECR upstream can have. */
const FULL_RULE = { ...RULE, upstreamRepositoryPrefix: "hardened" };

type Ecr = ReturnType<typeof setup>["ecr"];

/**
 * Each output's members as its response shape in the ECR model (ecr.json) lists them, for a rule without
 * credentialArn: CreatePullThroughCacheRuleResponse has createdAt and no updatedAt,
 * UpdatePullThroughCacheRuleResponse updatedAt and no createdAt, the PullThroughCacheRule of Describe both.
 */
const outputs: { operation: string; send: (ecr: Ecr) => Promise<object>; members: string[] }[] = [
  {
    operation: "CreatePullThroughCacheRule",
    send: (ecr) =>
      ecr.send(new CreatePullThroughCacheRuleCommand({ ...FULL_RULE, ecrRepositoryPrefix: "new" })),
    members: [
      "createdAt",
      "customRoleArn",
      "ecrRepositoryPrefix",
      "registryId",
      "upstreamRegistry",
      "upstreamRegistryUrl",
      "upstreamRepositoryPrefix",
    ],
  },
  {
    operation: "DescribePullThroughCacheRules",
    send: async (ecr) =>
      (await ecr.send(new DescribePullThroughCacheRulesCommand({ ecrRepositoryPrefixes: ["echo"] })))
        .pullThroughCacheRules?.[0] ?? {},
    members: [
      "createdAt",
      "customRoleArn",
      "ecrRepositoryPrefix",
      "registryId",
      "updatedAt",
      "upstreamRegistry",
      "upstreamRegistryUrl",
      "upstreamRepositoryPrefix",
    ],
  },
  {
    operation: "UpdatePullThroughCacheRule",
    send: (ecr) =>
      ecr.send(
        new UpdatePullThroughCacheRuleCommand({ ecrRepositoryPrefix: "echo", customRoleArn: OTHER_ROLE_ARN }),
      ),
    members: ["customRoleArn", "ecrRepositoryPrefix", "registryId", "updatedAt", "upstreamRepositoryPrefix"],
  },
  {
    operation: "DeletePullThroughCacheRule",
    send: (ecr) => ecr.send(new DeletePullThroughCacheRuleCommand({ ecrRepositoryPrefix: "echo" })),
    members: [
      "createdAt",
      "customRoleArn",
      "ecrRepositoryPrefix",
      "registryId",
      "upstreamRegistryUrl",
      "upstreamRepositoryPrefix",
    ],
  },
  {
    operation: "ValidatePullThroughCacheRule",
    send: (ecr) => ecr.send(new ValidatePullThroughCacheRuleCommand({ ecrRepositoryPrefix: "echo" })),
    members: [
      "customRoleArn",
      "ecrRepositoryPrefix",
      "isValid",
      "registryId",
      "upstreamRegistryUrl",
      "upstreamRepositoryPrefix",
    ],
  },
];

describe("pull-through cache rule outputs", () => {
  it.each(outputs)(
    "$operation returns the members of its response shape, no more",
    async ({ send, members }) => {
      const { account, ecr, advanceClock } = setup();
      account.seed("ecr", "CreatePullThroughCacheRule", FULL_RULE);
      advanceClock();

      const output = await send(ecr);

      expect(
        Object.keys(output)
          .filter((key) => key !== "$metadata")
          .sort(),
      ).toEqual(members);
    },
  );

  it("stamps createdAt at creation and updatedAt at each update, as dates", async () => {
    const { account, ecr, advanceClock } = setup();
    account.seed("ecr", "CreatePullThroughCacheRule", FULL_RULE);
    const before = (await ecr.send(new DescribePullThroughCacheRulesCommand({}))).pullThroughCacheRules?.[0];
    advanceClock();

    const updated = await ecr.send(
      new UpdatePullThroughCacheRuleCommand({ ecrRepositoryPrefix: "echo", customRoleArn: OTHER_ROLE_ARN }),
    );
    const after = (await ecr.send(new DescribePullThroughCacheRulesCommand({}))).pullThroughCacheRules?.[0];

    expect([before?.createdAt, before?.updatedAt]).toEqual([CREATED, CREATED]);
    expect(updated.updatedAt).toEqual(LATER);
    expect([after?.createdAt, after?.updatedAt]).toEqual([CREATED, LATER]);
    expect(after?.createdAt).toBeInstanceOf(Date);
  });
});
