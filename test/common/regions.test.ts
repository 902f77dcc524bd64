import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REGION_PATTERN } from "../../common/config/schema";
import { isKnownRegion, KNOWN_REGIONS, REGION_CODE_MAX_LENGTH, regionCode } from "../../common/regions";

/** The AWS SDK's partition data, as the installed @aws-sdk/core ships it (its ES module, read as JSON). */
function sdkRegions(): Record<string, string[]> {
  const file = join(
    __dirname,
    "..",
    "..",
    "node_modules/@aws-sdk/core/dist-es/submodules/client/util-endpoints/lib/aws/partitions.js",
  );
  const text = readFileSync(file, "utf8")
    .replace(/^export const partitionsInfo = /, "")
    .replace(/;\s*$/, "");
  const info = JSON.parse(text) as { partitions: { id: string; regions: Record<string, unknown> }[] };
  return Object.fromEntries(
    info.partitions.map((p) => [p.id, Object.keys(p.regions).filter((r) => !r.endsWith("-global"))]),
  );
}

describe("KNOWN_REGIONS", () => {
  it("is every Region of the commercial, China and GovCloud partitions in the AWS SDK's partition data", () => {
    // Prepare
    const sdk = sdkRegions();

    // Assess
    expect([...KNOWN_REGIONS].sort()).toEqual(
      [...(sdk.aws ?? []), ...(sdk["aws-cn"] ?? []), ...(sdk["aws-us-gov"] ?? [])].sort(),
    );
  });

  it("holds only names the config schema accepts as Regions", () => {
    expect(KNOWN_REGIONS.filter((r) => !REGION_PATTERN.test(r))).toEqual([]);
  });

  it.each([
    { reason: "a Region of the right shape that AWS does not have", region: "us-east-9" },
    { reason: "an ISO partition's Region, outside the schema's partitions", region: "us-iso-east-1" },
    { reason: "a pseudo-Region of the partition data", region: "aws-global" },
    { reason: "a value that is no string", region: 1 },
  ])("refuses $region: $reason", ({ region }) => {
    expect(isKnownRegion(region)).toBe(false);
  });
});

describe("regionCode", () => {
  it.each([
    { region: "us-east-1", code: "use1" },
    { region: "eu-central-2", code: "euc2" },
    { region: "ap-southeast-7", code: "apse7" },
    { region: "us-gov-west-1", code: "usgw1" },
    { region: "cn-northwest-1", code: "cnnw1" },
  ])("writes $region as $code", ({ region, code }) => {
    expect(regionCode(region)).toBe(code);
  });

  it("gives every known Region its own code, none longer than REGION_CODE_MAX_LENGTH", () => {
    // Act
    const codes = KNOWN_REGIONS.map(regionCode);

    // Assess
    expect(new Set(codes).size).toBe(KNOWN_REGIONS.length);
    expect(Math.max(...codes.map((c) => c.length))).toBe(REGION_CODE_MAX_LENGTH);
    expect(codes.every((c) => /^[a-z0-9]+$/.test(c))).toBe(true);
  });
});
