import {
  DescribePullThroughCacheRulesCommand,
  InvalidParameterException,
  PullThroughCacheRuleNotFoundException,
  ValidatePullThroughCacheRuleCommand,
} from "@aws-sdk/client-ecr";
import { type SimulatedAccount, trustPolicy } from "../../../sim";
import { RULE, rejection, UPSTREAM } from "../helpers";
import { setup } from "./helpers";

describe("DescribePullThroughCacheRules", () => {
  it("throws PullThroughCacheRuleNotFoundException when a filter names a missing prefix", async () => {
    const { account, ecr } = setup();
    account.seed("ecr", "CreatePullThroughCacheRule", RULE);

    const error = await rejection(
      ecr.send(new DescribePullThroughCacheRulesCommand({ ecrRepositoryPrefixes: ["echo", "missing"] })),
    );

    expect(error).toBeInstanceOf(PullThroughCacheRuleNotFoundException);
  });

  it("returns an empty list, not an error, when unfiltered and there are no rules", async () => {
    const { ecr } = setup();

    const output = await ecr.send(new DescribePullThroughCacheRulesCommand({}));

    expect(output.pullThroughCacheRules).toEqual([]);
    expect(output.nextToken).toBeUndefined();
  });

  it("pages unfiltered results by maxResults with nextToken, in prefix order", async () => {
    const { account, ecr } = setup();
    const prefixes = Array.from({ length: 50 }, (_, i) => `p${String(i).padStart(2, "0")}`);
    for (const prefix of [...prefixes].reverse()) {
      account.seed("ecr", "CreatePullThroughCacheRule", { ...RULE, ecrRepositoryPrefix: prefix });
    }

    const seen: string[] = [];
    const tokens: (string | undefined)[] = [];
    let nextToken: string | undefined;
    do {
      const page = await ecr.send(new DescribePullThroughCacheRulesCommand({ maxResults: 20, nextToken }));
      seen.push(...(page.pullThroughCacheRules ?? []).map((rule) => rule.ecrRepositoryPrefix ?? ""));
      nextToken = page.nextToken;
      tokens.push(nextToken);
    } while (nextToken);
    const unpaged = await ecr.send(new DescribePullThroughCacheRulesCommand({}));

    expect(seen).toEqual(prefixes);
    expect(tokens.map(Boolean)).toEqual([true, true, false]);
    expect(unpaged.pullThroughCacheRules).toHaveLength(50);
  });

  it.each([0, 1001])("rejects maxResults %i with InvalidParameterException", async (maxResults) => {
    const { ecr } = setup();

    const error = await rejection(ecr.send(new DescribePullThroughCacheRulesCommand({ maxResults })));

    expect(error).toBeInstanceOf(InvalidParameterException);
  });

  it("rejects a nextToken it did not issue", async () => {
    const { ecr } = setup();

    const error = await rejection(
      ecr.send(new DescribePullThroughCacheRulesCommand({ nextToken: "forged" })),
    );

    expect(error).toBeInstanceOf(InvalidParameterException);
  });
});

describe("ValidatePullThroughCacheRule", () => {
  const cases = [
    {
      reason: "the role exists, trusts ECR, and the upstream grants the account",
      drift: () => {},
      valid: true,
    },
    {
      reason: "the role was deleted",
      drift: (account: SimulatedAccount) => account.seed("iam", "DeleteRole", { RoleName: "echo-ptc" }),
      valid: false,
    },
    {
      reason: "the trust policy no longer names pullthroughcache.ecr.amazonaws.com",
      drift: (account: SimulatedAccount) =>
        account.seed("iam", "UpdateAssumeRolePolicy", {
          RoleName: "echo-ptc",
          PolicyDocument: trustPolicy("lambda.amazonaws.com"),
        }),
      valid: false,
    },
    {
      reason: "the upstream registry stopped granting this account",
      drift: (account: SimulatedAccount) => account.deniedUpstreams.add(UPSTREAM),
      valid: false,
    },
  ];

  it.each(cases)("reports isValid $valid when $reason", async ({ drift, valid }) => {
    const { account, ecr } = setup();
    account.seed("ecr", "CreatePullThroughCacheRule", RULE);
    drift(account);

    const output = await ecr.send(new ValidatePullThroughCacheRuleCommand({ ecrRepositoryPrefix: "echo" }));

    expect(output.isValid).toBe(valid);
    expect(output.failure === undefined).toBe(valid);
    expect(output.upstreamRegistryUrl).toBe(UPSTREAM);
  });

  it("throws PullThroughCacheRuleNotFoundException for a missing rule", async () => {
    const { ecr } = setup();

    const error = await rejection(
      ecr.send(new ValidatePullThroughCacheRuleCommand({ ecrRepositoryPrefix: "echo" })),
    );

    expect(error).toBeInstanceOf(PullThroughCacheRuleNotFoundException);
  });
});
