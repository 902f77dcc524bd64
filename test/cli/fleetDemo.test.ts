import { printDemo } from "../../cli/demo";
import { FLEET_DEMO, type FleetStep, formatFleetStep, runFleetDemo } from "../../cli/fleetDemo";

const DRIFTED = `${FLEET_DEMO.targets[1].accountId}/eu-west-1`;
const where = (step: FleetStep) => step.rows.map((r) => `${r.cache.accountId}/${r.cache.region}`);

describe("the demo's fleet chapter", () => {
  let steps: FleetStep[];
  beforeAll(async () => {
    steps = [];
    await runFleetDemo((s) => steps.push(s));
  });

  it("deploys a cache in each of 2 accounts × 2 Regions, then finds them in sync with no write", () => {
    const [deploy, inSync] = steps as [FleetStep, FleetStep];

    expect(where(deploy)).toEqual([
      "111122223333/eu-west-1",
      "111122223333/us-east-1",
      "444455556666/eu-west-1",
      "444455556666/us-east-1",
    ]);
    expect(deploy.rows.map((r) => r.report.status)).toEqual([
      "REMEDIATED",
      "REMEDIATED",
      "REMEDIATED",
      "REMEDIATED",
    ]);
    expect(inSync.rows.map((r) => [r.report.status, r.report.writes, r.unhealthy])).toEqual(
      inSync.rows.map(() => ["IN_SYNC", 0, 0]),
    );
  });

  it("shows the one drift in the fleet view: Unhealthy in that account×Region alone, and its Region's fleet alarm", () => {
    // Act
    const drift = steps[2] as FleetStep;
    const text = formatFleetStep(drift);

    // Assess
    expect(
      drift.rows.filter((r) => r.unhealthy > 0).map((r) => `${r.cache.accountId}/${r.cache.region}`),
    ).toEqual([DRIFTED]);
    expect(drift.rows.filter((r) => r.unhealthy === 0).map((r) => r.report.writes)).toEqual([0, 0, 0]);
    expect(text).toContain("DriftDetected=1");
    expect(text).toContain("fleet alarm  eu-west-1 ALARM (largest Unhealthy 1)  us-east-1 OK");
  });

  it("ends in sync everywhere with no write: the fix in one Region moved nothing in the other", () => {
    const last = steps[3] as FleetStep;

    expect(last.rows.map((r) => [r.report.status, r.report.writes])).toEqual(
      last.rows.map(() => ["IN_SYNC", 0]),
    );
    expect(formatFleetStep(last)).toContain("fleet alarm  eu-west-1 OK  us-east-1 OK");
  });

  it("prints the chapter after the story, one JSON line per step with --json", async () => {
    // Act
    const lines: string[] = [];
    await printDemo((t) => lines.push(t), true);
    const fleet = lines.map((l) => JSON.parse(l)).filter((l) => l.fleet);

    // Assess
    expect(fleet).toHaveLength(4);
    expect(fleet[2].fleet.filter((r: { unhealthy: number }) => r.unhealthy > 0)).toEqual([
      expect.objectContaining({
        accountId: FLEET_DEMO.targets[1].accountId,
        region: "eu-west-1",
        status: "REMEDIATED",
      }),
    ]);
  });
});
