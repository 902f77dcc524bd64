import {
  GetParameterCommand,
  GetParametersCommand,
  InvalidKeyId,
  PutParameterCommand,
  ValidationException,
} from "@aws-sdk/client-ssm";
import { rejection } from "../helpers";
import { setup } from "./helpers";

const SECRET = "s3cr3t-token";

describe("SecureString parameters", () => {
  it("return their KMS ciphertext, base64 and without the plaintext, unless WithDecryption is set", async () => {
    const { ssm } = setup();
    await ssm.send(new PutParameterCommand({ Name: "/echo/secret", Value: SECRET, Type: "SecureString" }));

    const hidden = await ssm.send(new GetParameterCommand({ Name: "/echo/secret" }));
    const shown = await ssm.send(new GetParameterCommand({ Name: "/echo/secret", WithDecryption: true }));

    const value = hidden.Parameter?.Value ?? "";
    expect(value).toMatch(/^AQICAH[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(value, "base64").toString("latin1")).not.toContain(SECRET);
    expect(shown.Parameter).toMatchObject({ Value: SECRET, Type: "SecureString" });
  });

  it("answer GetParameters the same way, and leave String values alone whatever WithDecryption says", async () => {
    const { ssm } = setup();
    await ssm.send(new PutParameterCommand({ Name: "/echo/secret", Value: SECRET, Type: "SecureString" }));
    await ssm.send(new PutParameterCommand({ Name: "/echo/plain", Value: "open", Type: "String" }));
    const names = ["/echo/plain", "/echo/secret"];

    const hidden = await ssm.send(new GetParametersCommand({ Names: names }));
    const shown = await ssm.send(new GetParametersCommand({ Names: names, WithDecryption: true }));

    expect(hidden.Parameters?.map((p) => p.Value === SECRET)).toEqual([false, false]);
    expect(hidden.Parameters?.[0]?.Value).toBe("open");
    expect(shown.Parameters?.map((p) => p.Value)).toEqual(["open", SECRET]);
  });

  it("change ciphertext with each version, and repeat it for the same version", async () => {
    const { ssm } = setup();
    const read = async () =>
      (await ssm.send(new GetParameterCommand({ Name: "/echo/secret" }))).Parameter?.Value;
    await ssm.send(new PutParameterCommand({ Name: "/echo/secret", Value: SECRET, Type: "SecureString" }));
    const first = [await read(), await read()];

    await ssm.send(new PutParameterCommand({ Name: "/echo/secret", Value: SECRET, Overwrite: true }));

    expect(first[0]).toBe(first[1]);
    expect(await read()).not.toBe(first[0]);
  });

  it("are encrypted with alias/aws/ssm unless KeyId names another key, which an overwrite keeps", async () => {
    const { account, ssm } = setup();
    account.putKmsKey("alias/echo");

    await ssm.send(new PutParameterCommand({ Name: "/a", Value: "x", Type: "SecureString" }));
    await ssm.send(
      new PutParameterCommand({ Name: "/b", Value: "x", Type: "SecureString", KeyId: "alias/echo" }),
    );
    await ssm.send(new PutParameterCommand({ Name: "/b", Value: "y", Overwrite: true }));

    const { parameters } = account.snapshot();
    expect([parameters["/a"]?.keyId, parameters["/b"]?.keyId]).toEqual(["alias/aws/ssm", "alias/echo"]);
  });

  it("accept and drop a KeyId sent with a String parameter, as AWS does", async () => {
    const { account, ssm } = setup();

    await ssm.send(
      new PutParameterCommand({ Name: "/plain", Value: "x", Type: "String", KeyId: "alias/none" }),
    );

    expect(account.snapshot().parameters["/plain"]).not.toHaveProperty("keyId");
  });

  it.each([
    ["a key that does not exist", "alias/missing", InvalidKeyId],
    ["a key id breaking the model pattern", "alias/not allowed", ValidationException],
  ])("refuse %s and create nothing", async (_reason, KeyId, expected) => {
    const { account, ssm } = setup();

    const error = await rejection(
      ssm.send(new PutParameterCommand({ Name: "/echo/secret", Value: SECRET, Type: "SecureString", KeyId })),
    );

    expect(error).toBeInstanceOf(expected);
    expect(account.snapshot().parameters).toEqual({});
  });
});
