import { GetParametersByPathCommand, InvalidNextToken, PutParameterCommand } from "@aws-sdk/client-ssm";
import { setup } from "./helpers";

async function seed(ssm: ReturnType<typeof setup>["ssm"], names: string[]) {
  for (const Name of names) await ssm.send(new PutParameterCommand({ Name, Value: Name, Type: "String" }));
}

describe("GetParametersByPath", () => {
  const NAMES = [
    "/app/config",
    "/app/config.state",
    "/app/config.state/rule/echo",
    "/app/config.state/role/r",
    "/other/x",
  ];

  it.each([
    {
      reason: "without Recursive only the level directly below the path",
      recursive: false,
      path: "/app/config.state",
      found: [],
    },
    {
      reason: "with Recursive every level below the path, never the path's own parameter",
      recursive: true,
      path: "/app/config.state",
      found: ["/app/config.state/role/r", "/app/config.state/rule/echo"],
    },
    {
      reason: "a parameter and a path may share a name",
      recursive: false,
      path: "/app",
      found: ["/app/config", "/app/config.state"],
    },
  ])("returns $reason", async ({ recursive, path, found }) => {
    // Prepare
    const { ssm } = setup();
    await seed(ssm, NAMES);

    // Act
    const out = await ssm.send(new GetParametersByPathCommand({ Path: path, Recursive: recursive }));

    // Assess
    expect((out.Parameters ?? []).map((p) => p.Name).sort()).toEqual(found);
  });

  it("pages by MaxResults and NextToken until every parameter was returned once", async () => {
    // Prepare
    const { ssm } = setup();
    const names = Array.from({ length: 23 }, (_, i) => `/p/s/${String(i).padStart(2, "0")}`);
    await seed(ssm, names);

    // Act
    const seen: string[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const out = await ssm.send(
        new GetParametersByPathCommand({
          Path: "/p",
          Recursive: true,
          MaxResults: 10,
          ...(NextToken ? { NextToken } : {}),
        }),
      );
      seen.push(...(out.Parameters ?? []).map((p) => p.Name as string));
      NextToken = out.NextToken;
      pages++;
    } while (NextToken);

    // Assess
    expect(seen.sort()).toEqual(names);
    expect(pages).toBe(3);
  });

  it("refuses a token it did not give", async () => {
    // Prepare
    const { ssm } = setup();

    // Act
    const call = ssm.send(new GetParametersByPathCommand({ Path: "/p", NextToken: "made-up" }));

    // Assess
    await expect(call).rejects.toBeInstanceOf(InvalidNextToken);
  });
});
