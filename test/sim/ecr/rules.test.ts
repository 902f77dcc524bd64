import {
  CreatePullThroughCacheRuleCommand,
  DeletePullThroughCacheRuleCommand,
  DescribePullThroughCacheRulesCommand,
  InvalidParameterException,
  LimitExceededException,
  PullThroughCacheRuleAlreadyExistsException,
  PullThroughCacheRuleNotFoundException,
  UpdatePullThroughCacheRuleCommand,
  type UpdatePullThroughCacheRuleCommandInput,
} from "@aws-sdk/client-ecr";
import { ACCOUNT, type ErrorClass, ROLE_ARN, RULE, rejection, UPSTREAM } from "../helpers";
import { CREATED, type CreateRejection, expectCreateRejected, LATER, OTHER_ROLE_ARN, setup } from "./helpers";

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

  const cases: CreateRejection[] = [
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
      reason: "the prefix already has a rule",
      input: { ecrRepositoryPrefix: "taken" },
      error: PullThroughCacheRuleAlreadyExistsException,
    },
  ];

  it.each(cases)("rejects the request and changes nothing: $reason", expectCreateRejected);

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
