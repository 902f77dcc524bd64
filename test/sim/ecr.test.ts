import {
  CreatePullThroughCacheRuleCommand,
  type CreatePullThroughCacheRuleCommandInput,
  CreateRepositoryCreationTemplateCommand,
  DeletePullThroughCacheRuleCommand,
  DeleteRepositoryCreationTemplateCommand,
  DescribePullThroughCacheRulesCommand,
  DescribeRepositoryCreationTemplatesCommand,
  ECRServiceException,
  InvalidParameterException,
  LimitExceededException,
  PullThroughCacheRuleAlreadyExistsException,
  PullThroughCacheRuleNotFoundException,
  TemplateAlreadyExistsException,
  TemplateNotFoundException,
  UnsupportedUpstreamRegistryException,
  UpdatePullThroughCacheRuleCommand,
  type UpdatePullThroughCacheRuleCommandInput,
  UpdateRepositoryCreationTemplateCommand,
  ValidatePullThroughCacheRuleCommand,
} from "@aws-sdk/client-ecr";
import { createSimulatedClients, SimulatedAccount, trustPolicy } from "../../sim";

const ACCOUNT = "111122223333";
const UPSTREAM = "999999999999.dkr.ecr.eu-west-1.amazonaws.com";
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/echo-ptc`;
const OTHER_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/other`;
const CREATED = new Date("2026-01-01T00:00:00.000Z");
const LATER = new Date("2026-01-02T00:00:00.000Z");
const RULE = {
  ecrRepositoryPrefix: "echo",
  upstreamRegistryUrl: UPSTREAM,
  upstreamRegistry: "ecr",
  customRoleArn: ROLE_ARN,
} as const;

function setup() {
  let now = CREATED;
  const account = new SimulatedAccount({ clock: () => now });
  for (const name of ["echo-ptc", "other"]) {
    account.seed("iam", "CreateRole", {
      RoleName: name,
      AssumeRolePolicyDocument: trustPolicy("pullthroughcache.ecr.amazonaws.com"),
    });
  }
  const clients = createSimulatedClients(account, { maxAttempts: 3 });
  return {
    account,
    ecr: clients.ecr,
    advanceClock: () => {
      now = LATER;
    },
  };
}

async function rejection(promise: Promise<unknown>): Promise<ECRServiceException> {
  try {
    await promise;
  } catch (error) {
    return error as ECRServiceException;
  }
  throw new Error("expected the call to fail");
}

type ErrorClass = abstract new (...args: never[]) => Error;

describe("CreatePullThroughCacheRule", () => {
  it("creates the rule, returns it, and creates the service-linked role with the first rule", async () => {
    const { account, ecr } = setup();

    const output = await ecr.send(new CreatePullThroughCacheRuleCommand(RULE));

    expect(output).toMatchObject({ ...RULE, registryId: ACCOUNT, createdAt: CREATED });
    expect(account.serviceLinkedRoleExists).toBe(true);
    expect(account.snapshot().roles.AWSServiceRoleForECRPullThroughCache?.path).toBe(
      "/aws-service-role/pullthroughcache.ecr.amazonaws.com/",
    );
  });

  it("stores upstreamRepositoryPrefix only when the request sends it", async () => {
    const { account, ecr } = setup();

    await ecr.send(new CreatePullThroughCacheRuleCommand(RULE));
    await ecr.send(
      new CreatePullThroughCacheRuleCommand({
        ...RULE,
        ecrRepositoryPrefix: "echo2",
        upstreamRepositoryPrefix: "hardened",
      }),
    );
    const { pullThroughCacheRules } = await ecr.send(new DescribePullThroughCacheRulesCommand({}));

    expect(pullThroughCacheRules?.[0]).not.toHaveProperty("upstreamRepositoryPrefix");
    expect(pullThroughCacheRules?.[1]?.upstreamRepositoryPrefix).toBe("hardened");
    expect(account.snapshot().pullThroughCacheRules.echo).not.toHaveProperty("upstreamRepositoryPrefix");
  });

  it("infers upstreamRegistry from the URL when the request leaves it out", async () => {
    const { ecr } = setup();

    await ecr.send(
      new CreatePullThroughCacheRuleCommand({
        ecrRepositoryPrefix: "pub",
        upstreamRegistryUrl: "public.ecr.aws",
      }),
    );
    const { pullThroughCacheRules } = await ecr.send(
      new DescribePullThroughCacheRulesCommand({ ecrRepositoryPrefixes: ["pub"] }),
    );

    expect(pullThroughCacheRules?.[0]?.upstreamRegistry).toBe("ecr-public");
  });

  it("accepts this account's own registryId and a credentialArn for an upstream that needs one", async () => {
    const { ecr } = setup();
    const credentialArn =
      "arn:aws:secretsmanager:us-east-1:111122223333:secret:ecr-pullthroughcache/docker-hub-AbCdEf";

    const output = await ecr.send(
      new CreatePullThroughCacheRuleCommand({
        ecrRepositoryPrefix: "docker-hub",
        upstreamRegistryUrl: "registry-1.docker.io",
        registryId: ACCOUNT,
        credentialArn,
      }),
    );
    const missingSecret = await rejection(
      ecr.send(
        new CreatePullThroughCacheRuleCommand({
          ecrRepositoryPrefix: "dh2",
          upstreamRegistryUrl: "registry-1.docker.io",
        }),
      ),
    );

    expect(output).toMatchObject({ upstreamRegistry: "docker-hub", credentialArn, registryId: ACCOUNT });
    expect(missingSecret).toBeInstanceOf(InvalidParameterException);
  });

  const cases: {
    reason: string;
    input: Partial<CreatePullThroughCacheRuleCommandInput>;
    error: ErrorClass | string;
  }[] = [
    {
      reason: "an upper-case prefix breaks the model pattern",
      input: { ecrRepositoryPrefix: "Echo" },
      error: InvalidParameterException,
    },
    {
      reason: "a one-character prefix is too short",
      input: { ecrRepositoryPrefix: "e" },
      error: InvalidParameterException,
    },
    {
      reason: "a 31-character prefix is too long",
      input: { ecrRepositoryPrefix: "e".repeat(31) },
      error: InvalidParameterException,
    },
    {
      reason: "a prefix may not end in a hyphen",
      input: { ecrRepositoryPrefix: "echo-" },
      error: InvalidParameterException,
    },
    {
      reason: "an upstreamRepositoryPrefix breaking the pattern",
      input: { upstreamRepositoryPrefix: "Bad_" },
      error: InvalidParameterException,
    },
    {
      reason: "upstreamRepositoryPrefix is not allowed with the ROOT prefix",
      input: { ecrRepositoryPrefix: "ROOT", upstreamRepositoryPrefix: "hardened" },
      error: InvalidParameterException,
    },
    {
      reason: "a registryId that is not 12 digits",
      input: { registryId: "1234" },
      error: InvalidParameterException,
    },
    {
      reason: "another account's registry",
      input: { registryId: "444455556666" },
      error: "AccessDeniedException",
    },
    {
      reason: "a customRoleArn naming no existing role",
      input: { customRoleArn: `arn:aws:iam::${ACCOUNT}:role/missing` },
      error: InvalidParameterException,
    },
    {
      reason: "a customRoleArn in another account",
      input: { customRoleArn: "arn:aws:iam::444455556666:role/echo-ptc" },
      error: InvalidParameterException,
    },
    {
      reason: "an upstream ecr rule without customRoleArn",
      input: { customRoleArn: undefined },
      error: InvalidParameterException,
    },
    {
      reason: "an upstreamRegistry outside the model's enum",
      input: { upstreamRegistry: "harbor" as "ecr" },
      error: UnsupportedUpstreamRegistryException,
    },
    {
      reason: "a URL that no supported registry type matches",
      input: { upstreamRegistry: undefined, upstreamRegistryUrl: "registry.example.com" },
      error: UnsupportedUpstreamRegistryException,
    },
    {
      reason: "a URL of another registry type than upstreamRegistry",
      input: { upstreamRegistryUrl: "public.ecr.aws" },
      error: InvalidParameterException,
    },
    {
      reason: "a URL with a scheme is not the documented form",
      input: { upstreamRegistryUrl: `https://${UPSTREAM}` },
      error: InvalidParameterException,
    },
    {
      reason: "a credentialArn breaking its pattern",
      input: {
        credentialArn: "arn:aws:secretsmanager:us-east-1:111122223333:secret:other-secret-abcdefghijkl",
      },
      error: InvalidParameterException,
    },
    {
      reason: "the prefix already has a rule",
      input: { ecrRepositoryPrefix: "taken" },
      error: PullThroughCacheRuleAlreadyExistsException,
    },
  ];

  it.each(cases)("rejects the request and changes nothing: $reason", async ({ input, error: expected }) => {
    const { account, ecr } = setup();
    account.seed("ecr", "CreatePullThroughCacheRule", { ...RULE, ecrRepositoryPrefix: "taken" });
    const before = account.snapshot();

    const error = await rejection(ecr.send(new CreatePullThroughCacheRuleCommand({ ...RULE, ...input })));

    if (typeof expected === "string") {
      expect(error).toBeInstanceOf(ECRServiceException);
      expect(error.name).toBe(expected);
    } else {
      expect(error).toBeInstanceOf(expected);
    }
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(account.snapshot()).toEqual(before);
  });

  it("refuses the 51st rule with LimitExceededException, reported at once (our retry strategy does not retry quotas)", async () => {
    const { account, ecr } = setup();
    for (let i = 0; i < 50; i += 1)
      account.seed("ecr", "CreatePullThroughCacheRule", { ...RULE, ecrRepositoryPrefix: `p${i}` });
    const before = account.snapshot();

    const error = await rejection(ecr.send(new CreatePullThroughCacheRuleCommand(RULE)));

    expect(error).toBeInstanceOf(LimitExceededException);
    // @smithy/core/retry lists "LimitExceededException" among its throttling error codes; the clients'
    // QuotaAwareRetryStrategy (lambda/engine/clients.ts) refuses to retry it: one attempt, no retry storm.
    expect(error.$metadata.attempts).toBe(1);
    expect(account.calls.map((call) => call.error)).toEqual(["LimitExceededException"]);
    expect(account.snapshot()).toEqual(before);
  });
});

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

describe("UpdatePullThroughCacheRule", () => {
  it("changes customRoleArn and updatedAt, and keeps createdAt and the upstream fields", async () => {
    const { account, ecr, advanceClock } = setup();
    account.seed("ecr", "CreatePullThroughCacheRule", RULE);
    advanceClock();

    const output = await ecr.send(
      new UpdatePullThroughCacheRuleCommand({ ecrRepositoryPrefix: "echo", customRoleArn: OTHER_ROLE_ARN }),
    );

    expect(output).toMatchObject({
      ecrRepositoryPrefix: "echo",
      customRoleArn: OTHER_ROLE_ARN,
      updatedAt: LATER,
    });
    expect(account.snapshot().pullThroughCacheRules.echo).toMatchObject({
      customRoleArn: OTHER_ROLE_ARN,
      upstreamRegistryUrl: UPSTREAM,
      createdAt: CREATED.toISOString(),
      updatedAt: LATER.toISOString(),
    });
  });

  const cases: { reason: string; input: UpdatePullThroughCacheRuleCommandInput; error: ErrorClass }[] = [
    {
      reason: "an update sending neither credentialArn nor customRoleArn",
      input: { ecrRepositoryPrefix: "echo" },
      error: InvalidParameterException,
    },
    {
      reason: "an upstreamRegistryUrl change: the command has no such member, so nothing updatable is sent",
      input: {
        ecrRepositoryPrefix: "echo",
        upstreamRegistryUrl: "public.ecr.aws",
      } as UpdatePullThroughCacheRuleCommandInput,
      error: InvalidParameterException,
    },
    {
      reason: "a customRoleArn naming no existing role",
      input: { ecrRepositoryPrefix: "echo", customRoleArn: `arn:aws:iam::${ACCOUNT}:role/missing` },
      error: InvalidParameterException,
    },
    {
      reason: "a rule that does not exist",
      input: { ecrRepositoryPrefix: "missing", customRoleArn: ROLE_ARN },
      error: PullThroughCacheRuleNotFoundException,
    },
  ];

  it.each(cases)("rejects the request and changes nothing: $reason", async ({ input, error: expected }) => {
    const { account, ecr } = setup();
    account.seed("ecr", "CreatePullThroughCacheRule", RULE);
    const before = account.snapshot();

    const error = await rejection(ecr.send(new UpdatePullThroughCacheRuleCommand(input)));

    expect(error).toBeInstanceOf(expected);
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(account.snapshot()).toEqual(before);
  });

  it("ignores immutable fields sent alongside an updatable one", async () => {
    const { account, ecr } = setup();
    account.seed("ecr", "CreatePullThroughCacheRule", RULE);
    const input = {
      ecrRepositoryPrefix: "echo",
      customRoleArn: OTHER_ROLE_ARN,
      upstreamRegistryUrl: "public.ecr.aws",
      upstreamRepositoryPrefix: "other",
    } as UpdatePullThroughCacheRuleCommandInput;

    await ecr.send(new UpdatePullThroughCacheRuleCommand(input));

    expect(account.snapshot().pullThroughCacheRules.echo).toMatchObject({
      upstreamRegistryUrl: UPSTREAM,
      upstreamRegistry: "ecr",
      customRoleArn: OTHER_ROLE_ARN,
    });
    expect(account.snapshot().pullThroughCacheRules.echo).not.toHaveProperty("upstreamRepositoryPrefix");
  });
});

describe("DeletePullThroughCacheRule", () => {
  it("returns the deleted rule's fields", async () => {
    const { account, ecr } = setup();
    account.seed("ecr", "CreatePullThroughCacheRule", RULE);

    const output = await ecr.send(new DeletePullThroughCacheRuleCommand({ ecrRepositoryPrefix: "echo" }));

    expect(output).toMatchObject({
      ecrRepositoryPrefix: "echo",
      upstreamRegistryUrl: UPSTREAM,
      customRoleArn: ROLE_ARN,
      registryId: ACCOUNT,
      createdAt: CREATED,
    });
    expect(account.snapshot().pullThroughCacheRules).toEqual({});
  });

  it("throws PullThroughCacheRuleNotFoundException for a missing rule", async () => {
    const { ecr } = setup();

    const error = await rejection(
      ecr.send(new DeletePullThroughCacheRuleCommand({ ecrRepositoryPrefix: "echo" })),
    );

    expect(error).toBeInstanceOf(PullThroughCacheRuleNotFoundException);
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

describe("repository creation templates", () => {
  const TEMPLATE = {
    prefix: "echo",
    appliedFor: ["PULL_THROUGH_CACHE" as const],
    lifecyclePolicy: JSON.stringify({ rules: [] }),
    resourceTags: [{ Key: "owner", Value: "echo" }],
  };

  it("creates a template, filling in the tag mutability and encryption AWS defaults", async () => {
    const { ecr } = setup();

    const created = await ecr.send(new CreateRepositoryCreationTemplateCommand(TEMPLATE));
    const described = await ecr.send(new DescribeRepositoryCreationTemplatesCommand({ prefixes: ["echo"] }));

    expect(created.registryId).toBe(ACCOUNT);
    expect(described.repositoryCreationTemplates).toEqual([
      {
        ...TEMPLATE,
        imageTagMutability: "MUTABLE",
        encryptionConfiguration: { encryptionType: "AES256" },
        createdAt: CREATED,
        updatedAt: CREATED,
      },
    ]);
  });

  it("updates only the members sent", async () => {
    const { account, ecr, advanceClock } = setup();
    account.seed("ecr", "CreateRepositoryCreationTemplate", TEMPLATE);
    advanceClock();

    await ecr.send(
      new UpdateRepositoryCreationTemplateCommand({ prefix: "echo", imageTagMutability: "IMMUTABLE" }),
    );

    expect(account.snapshot().repositoryCreationTemplates.echo).toMatchObject({
      imageTagMutability: "IMMUTABLE",
      lifecyclePolicy: TEMPLATE.lifecyclePolicy,
      appliedFor: ["PULL_THROUGH_CACHE"],
      updatedAt: LATER.toISOString(),
    });
  });

  const failures = [
    {
      reason: "Describe names a missing prefix",
      send: (ecr: ReturnType<typeof setup>["ecr"]) =>
        ecr.send(new DescribeRepositoryCreationTemplatesCommand({ prefixes: ["missing"] })),
      error: TemplateNotFoundException,
    },
    {
      reason: "Update names a missing prefix",
      send: (ecr: ReturnType<typeof setup>["ecr"]) =>
        ecr.send(new UpdateRepositoryCreationTemplateCommand({ prefix: "missing", description: "x" })),
      error: TemplateNotFoundException,
    },
    {
      reason: "Delete names a missing prefix",
      send: (ecr: ReturnType<typeof setup>["ecr"]) =>
        ecr.send(new DeleteRepositoryCreationTemplateCommand({ prefix: "missing" })),
      error: TemplateNotFoundException,
    },
    {
      reason: "Create names a prefix that has a template",
      send: (ecr: ReturnType<typeof setup>["ecr"]) =>
        ecr.send(new CreateRepositoryCreationTemplateCommand(TEMPLATE)),
      error: TemplateAlreadyExistsException,
    },
    {
      reason: "Create sends no appliedFor",
      send: (ecr: ReturnType<typeof setup>["ecr"]) =>
        ecr.send(new CreateRepositoryCreationTemplateCommand({ prefix: "new", appliedFor: [] })),
      error: InvalidParameterException,
    },
    {
      reason: "Create sends a lifecycle policy that is not JSON",
      send: (ecr: ReturnType<typeof setup>["ecr"]) =>
        ecr.send(
          new CreateRepositoryCreationTemplateCommand({ ...TEMPLATE, prefix: "new", lifecyclePolicy: "{" }),
        ),
      error: InvalidParameterException,
    },
    {
      reason: "Create names a customRoleArn that does not exist",
      send: (ecr: ReturnType<typeof setup>["ecr"]) =>
        ecr.send(
          new CreateRepositoryCreationTemplateCommand({
            ...TEMPLATE,
            prefix: "new",
            customRoleArn: `arn:aws:iam::${ACCOUNT}:role/missing`,
          }),
        ),
      error: InvalidParameterException,
    },
  ];

  it.each(failures)("fails and changes nothing when $reason", async ({ send, error: expected }) => {
    const { account, ecr } = setup();
    account.seed("ecr", "CreateRepositoryCreationTemplate", TEMPLATE);
    const before = account.snapshot();

    const error = await rejection(send(ecr));

    expect(error).toBeInstanceOf(expected);
    expect(account.snapshot()).toEqual(before);
  });

  it("deletes a template and returns it", async () => {
    const { account, ecr } = setup();
    account.seed("ecr", "CreateRepositoryCreationTemplate", TEMPLATE);

    const output = await ecr.send(new DeleteRepositoryCreationTemplateCommand({ prefix: "echo" }));

    expect(output.repositoryCreationTemplate?.prefix).toBe("echo");
    expect(account.snapshot().repositoryCreationTemplates).toEqual({});
  });
});
