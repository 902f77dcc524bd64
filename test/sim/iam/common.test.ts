import {
  DeleteRoleCommand,
  GetRoleCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListRoleTagsCommand,
  NoSuchEntityException,
  UnmodifiableEntityException,
} from "@aws-sdk/client-iam";
import type { SimulatedAccount } from "../../../sim";
import { rejection, TRUST } from "../helpers";
import { READ_POLICY, setup } from "./helpers";

describe("finding a role", () => {
  it.each([
    ["GetRole", () => new GetRoleCommand({ RoleName: "missing" })],
    ["ListRolePolicies", () => new ListRolePoliciesCommand({ RoleName: "missing" })],
    ["ListAttachedRolePolicies", () => new ListAttachedRolePoliciesCommand({ RoleName: "missing" })],
    ["ListRoleTags", () => new ListRoleTagsCommand({ RoleName: "missing" })],
  ])("throws NoSuchEntityException (404) from %s for a missing role", async (_name, command) => {
    const { iam } = setup();

    const error = await rejection(iam.send(command() as GetRoleCommand));

    expect(error).toBeInstanceOf(NoSuchEntityException);
    expect(error.$metadata.httpStatusCode).toBe(404);
  });
});

describe("IAM paging", () => {
  const listings = [
    {
      list: "ListRolePolicies",
      seed: (account: SimulatedAccount, name: string) =>
        account.seed("iam", "PutRolePolicy", {
          RoleName: "r",
          PolicyName: name,
          PolicyDocument: READ_POLICY,
        }),
      page: async (iam: ReturnType<typeof setup>["iam"], Marker?: string) => {
        const out = await iam.send(new ListRolePoliciesCommand({ RoleName: "r", MaxItems: 2, Marker }));
        return { keys: out.PolicyNames ?? [], truncated: out.IsTruncated, marker: out.Marker };
      },
    },
    {
      list: "ListAttachedRolePolicies",
      seed: (account: SimulatedAccount, name: string) => {
        account.putManagedPolicy(`arn:aws:iam::111122223333:policy/${name}`);
        account.seed("iam", "AttachRolePolicy", {
          RoleName: "r",
          PolicyArn: `arn:aws:iam::111122223333:policy/${name}`,
        });
      },
      page: async (iam: ReturnType<typeof setup>["iam"], Marker?: string) => {
        const out = await iam.send(
          new ListAttachedRolePoliciesCommand({ RoleName: "r", MaxItems: 2, Marker }),
        );
        return {
          keys: (out.AttachedPolicies ?? []).map((p) => p.PolicyName ?? ""),
          truncated: out.IsTruncated,
          marker: out.Marker,
        };
      },
    },
    {
      list: "ListRoleTags",
      seed: (account: SimulatedAccount, name: string) =>
        account.seed("iam", "TagRole", { RoleName: "r", Tags: [{ Key: name, Value: "v" }] }),
      page: async (iam: ReturnType<typeof setup>["iam"], Marker?: string) => {
        const out = await iam.send(new ListRoleTagsCommand({ RoleName: "r", MaxItems: 2, Marker }));
        return {
          keys: (out.Tags ?? []).map((t) => t.Key ?? ""),
          truncated: out.IsTruncated,
          marker: out.Marker,
        };
      },
    },
    {
      list: "ListRoles",
      seed: (account: SimulatedAccount, name: string) =>
        account.seed("iam", "CreateRole", {
          RoleName: `r-${name}`,
          Path: "/paged/",
          AssumeRolePolicyDocument: TRUST,
        }),
      page: async (iam: ReturnType<typeof setup>["iam"], Marker?: string) => {
        const out = await iam.send(new ListRolesCommand({ PathPrefix: "/paged/", MaxItems: 2, Marker }));
        return {
          keys: (out.Roles ?? []).map((role) => (role.RoleName ?? "").slice(2)),
          truncated: out.IsTruncated,
          marker: out.Marker,
        };
      },
    },
  ];

  it.each(listings)("pages $list in sorted order with Marker and IsTruncated", async ({ seed, page }) => {
    const { account, iam } = setup();
    account.seed("iam", "CreateRole", { RoleName: "r", AssumeRolePolicyDocument: TRUST });
    for (const name of ["e", "c", "a", "d", "b"]) seed(account, name);

    const first = await page(iam);
    const second = await page(iam, first.marker);
    const third = await page(iam, second.marker);

    expect([first, second].map((p) => [p.keys, p.truncated])).toEqual([
      [["a", "b"], true],
      [["c", "d"], true],
    ]);
    expect(third).toEqual({ keys: ["e"], truncated: false, marker: undefined });
  });
});

describe("the service-linked role", () => {
  it("refuses changes to the role AWS owns with UnmodifiableEntityException", async () => {
    const { account, iam } = setup();
    account.seed("iam", "CreateRole", { RoleName: "r", AssumeRolePolicyDocument: TRUST });
    account.seed("ecr", "CreatePullThroughCacheRule", {
      ecrRepositoryPrefix: "echo",
      upstreamRegistryUrl: "999999999999.dkr.ecr.eu-west-1.amazonaws.com",
      customRoleArn: "arn:aws:iam::111122223333:role/r",
    });

    const error = await rejection(
      iam.send(new DeleteRoleCommand({ RoleName: "AWSServiceRoleForECRPullThroughCache" })),
    );

    expect(error).toBeInstanceOf(UnmodifiableEntityException);
    expect(account.serviceLinkedRoleExists).toBe(true);
  });
});
