import { difference, type FieldDifference } from "../../../reconciler/engine/difference";
import { decide, type ItemFacts } from "../../../reconciler/engine/plan";
import type { RunPolicy } from "../../../reconciler/engine/runPolicy";

/** The facts about one item and the parts of the run policy `decide` reads, in one table row. */
type Facts = ItemFacts & Pick<RunPolicy, "adopt" | "allowReplace">;

function decideFacts({ adopt, allowReplace, ...facts }: Facts) {
  return decide(facts, { adopt, adoptRefused: false, allowReplace });
}

describe("decide", () => {
  const base: Facts = {
    wanted: true,
    exists: true,
    owned: true,
    adopt: false,
    allowReplace: true,
    differences: [],
    needsReplace: false,
  };
  const drift: FieldDifference[] = [difference("customRoleArn", undefined, "a", "b")];

  it.each([
    {
      reason: "a wanted resource that does not exist is created",
      facts: { exists: false, owned: false },
      decision: "create",
    },
    { reason: "a wanted resource of ours without differences is left alone", facts: {}, decision: "in-sync" },
    {
      reason: "differences that can change in place are updated",
      facts: { differences: drift },
      decision: "update",
    },
    {
      reason: "differences that cannot change in place replace the resource when allowed",
      facts: { differences: drift, needsReplace: true },
      decision: "replace",
    },
    {
      reason: "a needed replace is a conflict when allowReplace is false",
      facts: { differences: drift, needsReplace: true, allowReplace: false },
      decision: "conflict",
    },
    {
      reason: "someone else's resource is a conflict without adopt",
      facts: { owned: false },
      decision: "conflict",
    },
    {
      reason: "someone else's resource is a conflict without adopt even when it differs",
      facts: { owned: false, differences: drift },
      decision: "conflict",
    },
    {
      reason: "adopt takes over someone else's matching resource",
      facts: { owned: false, adopt: true },
      decision: "in-sync",
    },
    {
      reason: "adopt takes over and fixes someone else's resource",
      facts: { owned: false, adopt: true, differences: drift },
      decision: "update",
    },
    { reason: "a stale resource of ours is deleted", facts: { wanted: false }, decision: "delete" },
    {
      reason: "a stale resource that is not ours is never deleted",
      facts: { wanted: false, owned: false },
      decision: "absent",
    },
    {
      reason: "adopt does not extend to deleting what is not ours",
      facts: { wanted: false, owned: false, adopt: true },
      decision: "absent",
    },
    {
      reason: "an unwanted resource that is gone needs nothing",
      facts: { wanted: false, exists: false },
      decision: "absent",
    },
  ] as ReadonlyArray<{ reason: string; facts: Partial<Facts>; decision: string }>)(
    "decides $decision: $reason",
    ({ facts, decision }) => {
      // Act
      const result = decideFacts({ ...base, ...facts });

      // Assess
      expect(result.decision).toBe(decision);
      // A conflict must say why; nothing else carries a reason.
      expect(result.reason !== undefined).toBe(decision === "conflict");
    },
  );
});

describe("decide writes every reason itself", () => {
  const drift: FieldDifference[] = [difference("Path", undefined, "/", "/other/")];
  const facts: ItemFacts = { wanted: true, exists: true, owned: false, differences: [], needsReplace: false };

  it.each([
    {
      reason: "an unowned resource says how to take it over",
      facts,
      policy: { adopt: false, adoptRefused: false, allowReplace: true },
      said: "exists but was not created by this reconciler; set adopt: true in the config to take it over",
    },
    {
      reason: "an adopt the deployment does not allow says so, and where to allow it",
      facts,
      policy: { adopt: false, adoptRefused: true, allowReplace: true },
      said: "exists but was not created by this reconciler; set adopt: true in the config to take it over; adopt: true in the config is not honoured: this deployment does not allow adopting (set adopt: true in the component's args)",
    },
    {
      reason: "a replace the config forbids names allowReplace",
      facts: { ...facts, owned: true, differences: drift, needsReplace: true },
      policy: { adopt: false, adoptRefused: false, allowReplace: false },
      said: "a field that cannot be updated differs and allowReplace is false",
    },
    {
      reason: "a kind that is never replaced gives its own reason, whatever allowReplace says",
      facts: {
        ...facts,
        owned: true,
        differences: drift,
        needsReplace: true,
        noReplace: "roles are not moved",
      },
      policy: { adopt: false, adoptRefused: false, allowReplace: true },
      said: "roles are not moved",
    },
    {
      reason: "another deployment's resource says whose it is and what to set, not how to adopt it",
      facts: { ...facts, claim: { owner: "the deployment 'p/s/eu'", remedy: "set roleName" } },
      policy: { adopt: false, adoptRefused: true, allowReplace: true },
      said: "belongs to the deployment 'p/s/eu': set roleName; if that deployment is gone, set adopt: true in the config to take it over; adopt: true in the config is not honoured: this deployment does not allow adopting (set adopt: true in the component's args)",
    },
  ])("conflict: $reason", ({ facts: f, policy, said }) => {
    // Act
    const result = decide(f, policy);

    // Assess
    expect(result).toEqual({ decision: "conflict", reason: said });
  });
});
