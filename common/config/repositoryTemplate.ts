/**
 * The `repositoryTemplate` block: settings for repositories the cache creates under its prefix (an ECR
 * repository creation template applied for PULL_THROUGH_CACHE). The lifecycle policy is built from the two
 * simple settings.
 */
import * as z from "zod/mini";
import { optional, roleName, tags, withDefault } from "./fields";

/** ARN of a KMS key (ECR's `kmsKey` for repository creation templates). */
export const KMS_KEY_ARN_PATTERN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key\/[A-Za-z0-9-]+$/;

export const repositoryTemplate = z
  .strictObject({
    imageTagMutability: withDefault(
      z.enum(["MUTABLE", "IMMUTABLE"], "must be MUTABLE or IMMUTABLE"),
      "MUTABLE",
      "Tag mutability of cached repositories.",
    ),
    expireUntaggedAfterDays: optional(
      z
        .int("must be a whole number of days")
        .check(z.gte(1, "must be 1 to 3650"), z.lte(3650, "must be 1 to 3650")),
      "Expire untagged images this many days after push.",
    ),
    keepLastImages: optional(
      z
        .int("must be a whole number")
        .check(z.gte(1, "must be 1 to 10000"), z.lte(10000, "must be 1 to 10000")),
      "Keep only this many most recent images.",
    ),
    encryption: z._default(z.enum(["AES256", "KMS"], "must be AES256 or KMS"), "AES256"),
    kmsKeyArn: z.optional(
      z.string("must be a string").check(z.regex(KMS_KEY_ARN_PATTERN, "must be a KMS key ARN")),
    ),
    resourceTags: withDefault(tags, {}, "Tags put on repositories the cache creates."),
    roleName: optional(
      roleName(),
      "Name of the role ECR assumes to create repositories when the template uses KMS or resource tags; default <repositoryPrefix>-pullthrough-template-role.",
    ),
  })
  .check(
    z.superRefine((t, ctx) => {
      if (t.encryption === "KMS" && t.kmsKeyArn === undefined) {
        ctx.addIssue({ code: "custom", path: ["kmsKeyArn"], message: "is required when encryption is KMS" });
      }
      if (t.encryption !== "KMS" && t.kmsKeyArn !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["kmsKeyArn"],
          message: "may be set only when encryption is KMS",
        });
      }
    }),
  );
