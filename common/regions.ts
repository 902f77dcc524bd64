/**
 * The AWS Regions this package deploys into, and the short code each goes by in names. The list is the AWS
 * SDK's partition data (commercial, China and GovCloud; docs/aws-facts.md, "Regions"): a name no AWS Region
 * has (`us-east-9`) is refused before anything is created, not sent to AWS to fail one account at a time.
 */
/** Every Region of the three partitions, as the AWS SDK's partition data lists them (test/common/regions.test.ts keeps it so). */
export const KNOWN_REGIONS = [
  "af-south-1",
  "ap-east-1",
  "ap-east-2",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-south-1",
  "ap-south-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-southeast-5",
  "ap-southeast-6",
  "ap-southeast-7",
  "ca-central-1",
  "ca-west-1",
  "eu-central-1",
  "eu-central-2",
  "eu-north-1",
  "eu-south-1",
  "eu-south-2",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "il-central-1",
  "me-central-1",
  "me-south-1",
  "me-west-1",
  "mx-central-1",
  "sa-east-1",
  "sa-west-1",
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
  "cn-north-1",
  "cn-northwest-1",
  "us-gov-east-1",
  "us-gov-west-1",
] as const;

export type KnownRegion = (typeof KNOWN_REGIONS)[number];

/** Whether `region` is one of {@link KNOWN_REGIONS}. */
export function isKnownRegion(region: unknown): region is KnownRegion {
  return typeof region === "string" && (KNOWN_REGIONS as readonly string[]).includes(region);
}

const DIRECTION_CODES: Readonly<Record<string, string>> = {
  central: "c",
  north: "n",
  south: "s",
  east: "e",
  west: "w",
  northeast: "ne",
  northwest: "nw",
  southeast: "se",
  southwest: "sw",
};

/**
 * A Region's short code, as AWS's own short names write it: the area, the direction's initials and the
 * number (`eu-west-1` → `euw1`, `ap-southeast-7` → `apse7`, `us-gov-west-1` → `usgw1`). Used where a full
 * Region name would push an IAM or Lambda name past 64 characters; distinct for every known Region.
 *
 * @example
 * regionCode("eu-central-2"); // "euc2"
 */
export function regionCode(region: string): string {
  const parts = region.split("-");
  const number = parts.pop() ?? "";
  const [area = "", ...rest] = parts;
  const directions = rest.map((p) => (p === "gov" ? "g" : (DIRECTION_CODES[p] ?? p)));
  return `${area}${directions.join("")}${number}`;
}

/** The longest code of a known Region: what names built from codes must leave room for. */
export const REGION_CODE_MAX_LENGTH = Math.max(...KNOWN_REGIONS.map((r) => regionCode(r).length));
