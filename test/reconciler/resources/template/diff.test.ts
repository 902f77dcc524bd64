import { desiredState } from "../../../../reconciler/engine/desired";
import { diffTemplate } from "../../../../reconciler/resources/template/diff";
import type { DesiredTemplate, TemplateActual } from "../../../../reconciler/resources/template/types";
import { CTX, configOf } from "../../builders";

const desired = desiredState(
  configOf({ repositoryTemplate: { expireUntaggedAfterDays: 7, resourceTags: { team: "platform" } } }),
  CTX,
).template as DesiredTemplate;

/** The template as ECR describes it when it matches, with ECR's defaults left out. */
const inSync: TemplateActual = {
  prefix: desired.prefix,
  description: desired.description,
  appliedFor: [...desired.appliedFor],
  lifecyclePolicy: desired.lifecyclePolicy,
  resourceTags: { ...desired.resourceTags },
  ...(desired.customRoleArn !== undefined ? { customRoleArn: desired.customRoleArn } : {}),
};
const { customRoleArn: _role, ...untagged } = desiredState(
  configOf({ repositoryTemplate: { expireUntaggedAfterDays: 7 } }),
  CTX,
).template as DesiredTemplate;

describe("diffTemplate", () => {
  it.each<{ reason: string; want?: DesiredTemplate; actual: TemplateActual; paths: string[] }>([
    {
      reason: "absent mutability and encryption are ECR's defaults MUTABLE and AES256",
      actual: inSync,
      paths: [],
    },
    {
      reason: "a lifecycle policy with its keys in another order is the same policy",
      actual: {
        ...inSync,
        lifecyclePolicy: JSON.stringify(
          Object.fromEntries(Object.entries(JSON.parse(desired.lifecyclePolicy)).reverse()),
          null,
          2,
        ),
      },
      paths: [],
    },
    {
      reason: "applied-for compares as a set",
      actual: { ...inSync, appliedFor: [...desired.appliedFor].reverse() },
      paths: [],
    },
    {
      reason: "a changed description is drift (it is our ownership mark)",
      actual: { ...inSync, description: "x" },
      paths: ["description"],
    },
    {
      reason: "IMMUTABLE set out of band is drift",
      actual: { ...inSync, imageTagMutability: "IMMUTABLE" },
      paths: ["imageTagMutability"],
    },
    {
      reason: "KMS encryption set out of band is drift",
      actual: {
        ...inSync,
        encryptionConfiguration: {
          encryptionType: "KMS",
          kmsKey: "arn:aws:kms:eu-west-1:111122223333:key/k",
        },
      },
      paths: ["encryptionConfiguration"],
    },
    {
      reason: "a removed lifecycle policy and an extra resource tag are drift at their own paths",
      actual: { ...inSync, lifecyclePolicy: "", resourceTags: { team: "platform", extra: "1" } },
      paths: ["lifecyclePolicy", "resourceTags[extra]"],
    },
    {
      reason: "our role taken off a tagged template out of band is drift (ECR's own role cannot tag)",
      actual: { ...inSync, customRoleArn: "" },
      paths: ["customRoleArn"],
    },
    {
      reason: "another role put on the template out of band is drift",
      actual: { ...inSync, customRoleArn: "arn:aws:iam::111122223333:role/someone-elses" },
      paths: ["customRoleArn"],
    },
    {
      reason: "a role taken off with an empty ARN is no role, as a template without tags or KMS wants",
      want: { ...untagged },
      actual: { ...inSync, resourceTags: {}, customRoleArn: "" },
      paths: [],
    },
  ])("$reason", ({ want, actual, paths }) => {
    // Act
    const differences = diffTemplate(want ?? desired, actual);

    // Assess
    expect(differences.map((d) => d.path)).toEqual(paths);
  });

  it("gives the field and the key of a tag difference as data", () => {
    // Act
    const [tag] = diffTemplate(desired, { ...inSync, resourceTags: {} });

    // Assess
    expect(tag).toEqual(expect.objectContaining({ field: "resourceTags", key: "team", type: "REMOVE" }));
  });
});
