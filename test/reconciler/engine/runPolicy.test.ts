import type { Mode } from "../../../common/config/schema";
import type { RunAction } from "../../../common/types";
import { resolveRunPolicy } from "../../../reconciler/engine/runPolicy";

describe("resolveRunPolicy: whether a run applies changes", () => {
  it.each([
    { reason: "plan never writes", action: "plan", mode: "enforce", applies: false },
    { reason: "plan never writes, in any mode", action: "plan", mode: "detect", applies: false },
    { reason: "remediate writes even in detect mode", action: "remediate", mode: "detect", applies: true },
    { reason: "remediate writes in enforce mode", action: "remediate", mode: "enforce", applies: true },
    { reason: "reconcile writes in enforce mode", action: "reconcile", mode: "enforce", applies: true },
    { reason: "reconcile only reports in detect mode", action: "reconcile", mode: "detect", applies: false },
    { reason: "reconcile does nothing in paused mode", action: "reconcile", mode: "paused", applies: false },
    { reason: "teardown deletes in any mode", action: "delete", mode: "detect", applies: true },
    { reason: "retain never writes", action: "retain", mode: "enforce", applies: false },
  ] as ReadonlyArray<{ reason: string; action: RunAction; mode: Mode; applies: boolean }>)(
    "$action in $mode mode applies changes: $applies ($reason)",
    ({ action, mode, applies }) => {
      // Act
      const result = resolveRunPolicy({ action, mode }).apply;

      // Assess
      expect(result).toBe(applies);
    },
  );
});

describe("resolveRunPolicy", () => {
  it.each([
    {
      reason: "a deploy applies even in detect mode",
      facts: { action: "reconcile", mode: "detect", enforce: true },
      expected: { apply: true, paused: false },
    },
    {
      reason: "paused mode does nothing on a reconcile",
      facts: { action: "reconcile", mode: "paused" },
      expected: { paused: true },
    },
    {
      reason: "a plan still observes and reports in paused mode",
      facts: { action: "plan", mode: "paused" },
      expected: { paused: false, apply: false },
    },
    {
      reason: "adopt is honoured when the deployment allows it",
      facts: { action: "reconcile", mode: "enforce", adopt: true, allowAdopt: true },
      expected: { adopt: true, adoptRefused: false },
    },
    {
      reason: "adopt in the config alone is refused, and the refusal is known",
      facts: { action: "reconcile", mode: "enforce", adopt: true, allowAdopt: false },
      expected: { adopt: false, adoptRefused: true },
    },
    {
      reason: "a teardown never adopts or replaces, whatever the config says",
      facts: { action: "delete", mode: "enforce", adopt: true, allowAdopt: true, allowReplace: true },
      expected: { teardown: true, adopt: false, allowReplace: false, apply: true },
    },
    {
      reason: "a teardown needs no mode (no valid config)",
      facts: { action: "retain" },
      expected: { teardown: true, paused: false, apply: false },
    },
  ] as const)("$reason", ({ facts, expected }) => {
    // Act
    const policy = resolveRunPolicy(facts);

    // Assess
    expect(policy).toEqual(expect.objectContaining(expected));
  });
});
