import { LEASE_LONGEST_MS, leaseDecision } from "../../../reconciler/engine/lease";
import type { LeaseEntry } from "../../../reconciler/engine/store";

const NOW = new Date("2026-07-01T00:00:00.000Z");
const at = (ms: number) => new Date(NOW.getTime() + ms).toISOString();
const entry = (generation: number, expiresInMs: number, released = false): LeaseEntry => ({
  generation,
  holder: `run-${generation}`,
  expiresAt: at(expiresInMs),
  ...(released ? { released } : {}),
});

describe("leaseDecision", () => {
  it.each([
    { reason: "no generation yet: the first is taken", generations: [], want: { take: 1 } },
    {
      reason: "the latest generation is live: it holds the lease",
      generations: [entry(1, -5_000, true), entry(2, 60_000)],
      want: { heldBy: entry(2, 60_000) },
    },
    {
      reason: "the latest generation was released: the next is taken",
      generations: [entry(3, 60_000, true)],
      want: { take: 4 },
    },
    {
      reason: "the latest generation expired (its run died): the next is taken, the old one is not deleted",
      generations: [entry(3, -1)],
      want: { take: 4 },
    },
    {
      reason: "a generation lasting as long as a run can hold it is honoured",
      generations: [entry(1, LEASE_LONGEST_MS)],
      want: { heldBy: entry(1, LEASE_LONGEST_MS) },
    },
    {
      reason: "a generation claiming to last longer than any run can was not written by a run: not honoured",
      generations: [entry(1, LEASE_LONGEST_MS + 1)],
      want: { take: 2 },
    },
    {
      reason: "an expiry that is not a time is not honoured",
      generations: [{ generation: 5, holder: "x", expiresAt: "soon" }],
      want: { take: 6 },
    },
  ])("$reason", ({ generations, want }) => {
    // Act
    const decided = leaseDecision(generations, NOW);

    // Assess
    expect(decided).toEqual(want);
  });
});
