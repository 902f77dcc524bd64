import {
  DeleteParameterCommand,
  GetParameterCommand,
  GetParametersCommand,
  HierarchyTypeMismatchException,
  ParameterAlreadyExists,
  ParameterNotFound,
  PutParameterCommand,
  type PutParameterCommandInput,
  ValidationException,
} from "@aws-sdk/client-ssm";
import { rejection } from "../helpers";
import { SECOND, setup } from "./helpers";

describe("SSM parameters", () => {
  it("creates at version 1, overwrites to version 2, and returns the latest value", async () => {
    const { ssm, advanceClock } = setup();

    const created = await ssm.send(
      new PutParameterCommand({ Name: "/echo/config", Value: "{}", Type: "String" }),
    );
    advanceClock();
    const overwritten = await ssm.send(
      new PutParameterCommand({ Name: "/echo/config", Value: '{"a":1}', Overwrite: true }),
    );
    const { Parameter } = await ssm.send(new GetParameterCommand({ Name: "/echo/config" }));

    expect([created.Version, overwritten.Version, created.Tier]).toEqual([1, 2, "Standard"]);
    expect(Parameter).toMatchObject({
      Name: "/echo/config",
      Value: '{"a":1}',
      Type: "String",
      Version: 2,
      LastModifiedDate: SECOND,
      ARN: "arn:aws:ssm:eu-west-1:444455556666:parameter/echo/config",
    });
  });

  it("reports unknown names of GetParameters in InvalidParameters instead of failing", async () => {
    const { account, ssm } = setup();
    account.seed("ssm", "PutParameter", { Name: "/echo/config", Value: "{}", Type: "String" });

    const output = await ssm.send(
      new GetParametersCommand({ Names: ["/echo/config", "/echo/config.state"] }),
    );

    expect(output.Parameters?.map((p) => p.Name)).toEqual(["/echo/config"]);
    expect(output.InvalidParameters).toEqual(["/echo/config.state"]);
  });

  it("deletes a parameter", async () => {
    const { account, ssm } = setup();
    account.seed("ssm", "PutParameter", { Name: "/echo/config", Value: "{}", Type: "String" });

    await ssm.send(new DeleteParameterCommand({ Name: "/echo/config" }));

    expect(account.snapshot().parameters).toEqual({});
  });

  it.each([
    ["GetParameter", () => new GetParameterCommand({ Name: "/missing" })],
    ["DeleteParameter", () => new DeleteParameterCommand({ Name: "/missing" })],
  ])("throws ParameterNotFound from %s for a missing parameter", async (_name, command) => {
    const { ssm } = setup();

    const error = await rejection(ssm.send(command() as GetParameterCommand));

    expect(error).toBeInstanceOf(ParameterNotFound);
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  const putFailures: {
    reason: string;
    input: PutParameterCommandInput;
    error: abstract new (...args: never[]) => Error;
  }[] = [
    {
      reason: "an existing name without Overwrite",
      input: { Name: "/echo/existing", Value: "x", Type: "String" },
      error: ParameterAlreadyExists,
    },
    {
      reason: "a standard value over 4096 characters",
      input: { Name: "/echo/big", Value: "x".repeat(4097), Type: "String" },
      error: ValidationException,
    },
    {
      reason: "an advanced value over 8192 characters",
      input: { Name: "/echo/big", Value: "x".repeat(8193), Type: "String", Tier: "Advanced" },
      error: ValidationException,
    },
    {
      reason: "a new parameter without Type",
      input: { Name: "/echo/new", Value: "x" },
      error: ValidationException,
    },
    {
      reason: "an empty value",
      input: { Name: "/echo/new", Value: "", Type: "String" },
      error: ValidationException,
    },
    {
      reason: "a name prefixed with aws",
      input: { Name: "/aws/echo", Value: "x", Type: "String" },
      error: ValidationException,
    },
    {
      reason: "a name with a space",
      input: { Name: "/echo/my config", Value: "x", Type: "String" },
      error: ValidationException,
    },
    {
      reason: "tags together with Overwrite of an existing parameter",
      input: { Name: "/echo/existing", Value: "x", Overwrite: true, Tags: [{ Key: "a", Value: "b" }] },
      error: ValidationException,
    },
    {
      reason: "tags together with Overwrite, even when the parameter does not exist yet",
      input: {
        Name: "/echo/new",
        Value: "x",
        Type: "String",
        Overwrite: true,
        Tags: [{ Key: "a", Value: "b" }],
      },
      error: ValidationException,
    },
    {
      reason: "an explicit Overwrite: false on an existing name (the atomic create)",
      input: { Name: "/echo/existing", Value: "x", Type: "String", Overwrite: false },
      error: ParameterAlreadyExists,
    },
    {
      reason: "an overwrite changing the parameter's type",
      input: { Name: "/echo/existing", Value: "x", Type: "SecureString", Overwrite: true },
      error: HierarchyTypeMismatchException,
    },
  ];

  it.each(putFailures)(
    "rejects PutParameter and changes nothing for $reason",
    async ({ input, error: expected }) => {
      const { account, ssm } = setup();
      account.seed("ssm", "PutParameter", { Name: "/echo/existing", Value: "old", Type: "String" });
      const before = account.snapshot();

      const error = await rejection(ssm.send(new PutParameterCommand(input)));

      expect(error).toBeInstanceOf(expected);
      expect(account.snapshot()).toEqual(before);
    },
  );

  it("lets exactly one of two racing creates of a name win: Overwrite false is an atomic create", async () => {
    const { account, ssm } = setup();
    const create = (Value: string) =>
      ssm.send(new PutParameterCommand({ Name: "/echo/lock", Value, Type: "String" }));

    const outcomes = await Promise.allSettled([create("a"), create("b")]);

    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected"]);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(ParameterAlreadyExists);
    expect(account.snapshot().parameters["/echo/lock"]).toMatchObject({ value: "a", version: 1 });
  });

  it("accepts a value of exactly 4096 characters in the standard tier", async () => {
    const { ssm } = setup();

    const output = await ssm.send(
      new PutParameterCommand({ Name: "/echo/max", Value: "x".repeat(4096), Type: "String" }),
    );

    expect(output.Tier).toBe("Standard");
  });
});
