import fc from "fast-check";
import { deployEvent, runEverywhere, type SimulatedCache, simulatedFleet } from "../../cli/fleet";
import { OWNER_TAG_KEY } from "../../common/constants";
import { inlinePolicyName } from "../../common/names";
import { regionCode } from "../../common/regions";
import { configParameterName, ownerId } from "../../component/naming";
import { SimulatedWorld, seededRandom } from "../../sim";

/**
 * A fleet on a simulated world: N accounts × M Regions, each account×Region its own reconciler, configured as
 * `EcrPullThroughCacheFleet` configures them (one role per Region), their runs interleaved on the world as the
 * schedule starts them everywhere at once. Random drift anywhere converges in one round, with no conflict,
 * and nothing moves in a Region that did not drift: the Regions of one account never fight over a role.
 */

const SEED = process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : 0xf1ee7;
const ECHO = "123456789012";
const ACCOUNTS = ["111111111111", "222222222222", "333333333333"];
const REGIONS = ["eu-west-1", "us-east-1", "ap-southeast-2"];
const ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";

type DriftKind =
  | "roleDeleted"
  | "managedAttached"
  | "trustWidened"
  | "inlineRemoved"
  | "tagAdded"
  | "ruleDeleted";

/** Someone changes one cache's role or rule behind its reconciler's back (out of band, not logged). */
function applyDrift(c: SimulatedCache, kind: DriftKind): void {
  const role = c.account.snapshot().roles[c.roleName];
  const iam = (op: string, input: object) => c.account.seed("iam", op, { RoleName: c.roleName, ...input });
  switch (kind) {
    case "roleDeleted":
      if (!role) return;
      for (const arn of role.attachedPolicies) iam("DetachRolePolicy", { PolicyArn: arn });
      for (const name of Object.keys(role.inlinePolicies)) iam("DeleteRolePolicy", { PolicyName: name });
      iam("DeleteRole", {});
      return;
    case "managedAttached":
      if (role) iam("AttachRolePolicy", { PolicyArn: ADMIN });
      return;
    case "trustWidened": {
      if (!role) return;
      const trust = JSON.parse(role.assumeRolePolicyDocument) as { Statement: object[] };
      const wide = {
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::999999999999:root" },
        Action: "sts:AssumeRole",
      };
      iam("UpdateAssumeRolePolicy", {
        PolicyDocument: JSON.stringify({ ...trust, Statement: [...trust.Statement, wide] }),
      });
      return;
    }
    case "inlineRemoved":
      if (role?.inlinePolicies[inlinePolicyName("echo")])
        iam("DeleteRolePolicy", { PolicyName: inlinePolicyName("echo") });
      return;
    case "tagAdded":
      if (role) iam("TagRole", { Tags: [{ Key: "drift", Value: c.region }] });
      return;
    case "ruleDeleted":
      if (c.account.snapshot().pullThroughCacheRules.echo)
        c.account.seed("ecr", "DeletePullThroughCacheRule", { ecrRepositoryPrefix: "echo" });
      return;
  }
}

const scenario = fc.record({
  accounts: fc.integer({ min: 1, max: ACCOUNTS.length }),
  regions: fc.subarray(REGIONS, { minLength: 1 }),
  drifts: fc.array(
    fc.record({
      cache: fc.nat(),
      kind: fc.constantFrom<DriftKind>(
        "roleDeleted",
        "managedAttached",
        "trustWidened",
        "inlineRemoved",
        "tagAdded",
        "ruleDeleted",
      ),
    }),
    { minLength: 1, maxLength: 6 },
  ),
  interleaving: fc.integer(),
  /** A template that tags the repositories: each cache then owns a second role, ECR's for the template. */
  tagged: fc.boolean(),
});

function fleetOn(
  world: SimulatedWorld,
  accounts: number,
  regions: readonly string[],
  tagged = false,
): SimulatedCache[] {
  return simulatedFleet(world, {
    fleet: "prop",
    echoAccountId: ECHO,
    targets: ACCOUNTS.slice(0, accounts).map((accountId) => ({ accountId, regions })),
    ...(tagged ? { args: { repositoryTemplate: { resourceTags: { team: "platform" } } } } : {}),
  });
}

describe("a fleet of N accounts × M Regions on the simulated world", () => {
  it("converges from random drift in one round, with no conflict, and leaves every Region that did not drift alone", async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ accounts, regions, drifts, interleaving, tagged }) => {
        // Prepare: every cache deployed, then the drift.
        const world = new SimulatedWorld({ interleave: { random: seededRandom(interleaving) } });
        const caches = fleetOn(world, accounts, regions, tagged);
        const deployed = await runEverywhere(caches, deployEvent);
        const drifted = new Set(drifts.map((d) => d.cache % caches.length));
        for (const d of drifts) applyDrift(caches[d.cache % caches.length] as SimulatedCache, d.kind);

        // Act
        const first = await runEverywhere(caches);
        const second = await runEverywhere(caches);

        // Assess: no conflict, no failure; a cache that did not drift wrote nothing.
        expect(deployed.map((r) => r.report.status)).toEqual(caches.map(() => "REMEDIATED"));
        for (const [i, row] of first.entries()) {
          const statuses = row.report.resources.map((r) => r.status);
          expect([row.cache.name, row.report.status, statuses.includes("CONFLICT")]).toEqual([
            row.cache.name,
            drifted.has(i) ? expect.stringMatching(/^(IN_SYNC|REMEDIATED)$/) : "IN_SYNC",
            false,
          ]);
          if (!drifted.has(i)) expect([row.cache.name, row.report.writes]).toEqual([row.cache.name, 0]);
        }
        // No flapping: the next round finds every Region as the last one left it.
        expect(second.map((r) => [r.report.status, r.report.writes])).toEqual(
          caches.map(() => ["IN_SYNC", 0]),
        );
        // Each Region's rule uses its own Region's role, which its own reconciler owns.
        for (const c of caches) {
          const snapshot = c.account.snapshot();
          const identity = { project: "demo", stack: "dev", name: c.name };
          expect(snapshot.pullThroughCacheRules.echo?.customRoleArn).toBe(
            `arn:aws:iam::${c.accountId}:role/${c.roleName}`,
          );
          expect(snapshot.roles[c.roleName]?.tags[OWNER_TAG_KEY]).toBe(ownerId(identity));
          // A tagging template names its Region's own template role, which its reconciler owns too.
          const templateRole = snapshot.repositoryCreationTemplates.echo?.customRoleArn?.split("/").pop();
          expect(templateRole).toBe(
            tagged ? `echo-pullthrough-template-role-${regionCode(c.region)}` : undefined,
          );
          if (templateRole) expect(snapshot.roles[templateRole]?.tags[OWNER_TAG_KEY]).toBe(ownerId(identity));
          expect(c.configParameterName).toBe(configParameterName(identity));
        }
      }),
      { seed: SEED, numRuns: 80 },
    );
  }, 60_000);

  it("would collide on one role if two Regions of an account shared its name: one Region never deploys", async () => {
    // Prepare: the single cache's default role name in both Regions, which the fleet never does.
    const world = new SimulatedWorld({ interleave: { random: seededRandom(1) } });
    const caches = simulatedFleet(world, {
      fleet: "prop",
      echoAccountId: ECHO,
      targets: [{ accountId: ACCOUNTS[0] as string, regions: ["eu-west-1", "us-east-1"] }],
      sameRoleName: "echo-pullthrough-cache-role",
    });

    // Act
    const deployed = await runEverywhere(caches, deployEvent);
    const scheduled = await runEverywhere(caches);

    // Assess: IAM has one namespace per account; the Region that lost the race finds the other's role.
    expect(deployed.map((r) => r.report.status).sort()).toEqual(["FAILED", "REMEDIATED"]);
    const loser = deployed.findIndex((r) => r.report.status === "FAILED");
    const role = (i: number) => scheduled[i]?.report.resources.find((r) => r.type === "AWS::IAM::Role");
    expect(role(loser)?.status).toBe("CONFLICT");
    expect(scheduled[1 - loser]?.report.status).toBe("IN_SYNC");
  });

  it("takes a rule repointed at another Region's role for someone else's: a conflict there, nothing moves in the other Region", async () => {
    // Prepare
    const world = new SimulatedWorld({ interleave: { random: seededRandom(2) } });
    const [euw1, use1] = fleetOn(world, 1, ["eu-west-1", "us-east-1"]) as [SimulatedCache, SimulatedCache];
    await runEverywhere([euw1, use1], deployEvent);
    euw1.account.seed("ecr", "UpdatePullThroughCacheRule", {
      ecrRepositoryPrefix: "echo",
      customRoleArn: `arn:aws:iam::${use1.accountId}:role/${use1.roleName}`,
    });

    // Act
    const [repointed, other] = await runEverywhere([euw1, use1]);

    // Assess
    expect(repointed?.report.resources.find((r) => r.type === "AWS::ECR::PullThroughCacheRule")?.status).toBe(
      "CONFLICT",
    );
    expect([other?.report.status, other?.report.writes]).toEqual(["IN_SYNC", 0]);
  });
});
