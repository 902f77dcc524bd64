import {
  type DeleteVerdict,
  type Deployment,
  deleteVerdict,
  deploymentAfterApply,
  withoutDeployment,
} from "../../../reconciler/engine/deployment";

const OLD = "arn:aws:lambda:eu-west-1:111122223333:function:old";
const FN = "arn:aws:lambda:eu-west-1:111122223333:function:fn";

describe("deploymentAfterApply: the deployment a custom resource's create or update names", () => {
  it.each([
    {
      reason: "a first create counts its instance",
      record: { deploymentId: FN, instances: 0 },
      request: { deploymentId: FN, lifecycle: "create" },
      named: { deploymentId: FN, instances: 1 },
    },
    {
      reason: "a replacement's create counts a second instance of the same deployment",
      record: { deploymentId: FN, instances: 1 },
      request: { deploymentId: FN, lifecycle: "create" },
      named: { deploymentId: FN, instances: 2 },
    },
    {
      reason: "a record from before instances were counted holds one",
      record: { deploymentId: FN },
      request: { deploymentId: FN, lifecycle: "create" },
      named: { deploymentId: FN, instances: 2 },
    },
    {
      reason: "a create for a new function starts counting the new deployment",
      record: { deploymentId: OLD, instances: 2 },
      request: { deploymentId: FN, lifecycle: "create" },
      named: { deploymentId: FN, instances: 1 },
    },
    {
      reason: "an update is an instance that exists: the count stays",
      record: { deploymentId: FN, instances: 2 },
      request: { deploymentId: FN, lifecycle: "update" },
      named: { deploymentId: FN, instances: 2 },
    },
    {
      reason: "an update proves at least one instance, even when only named before",
      record: { deploymentId: FN, instances: 0 },
      request: { deploymentId: FN, lifecycle: "update" },
      named: { deploymentId: FN, instances: 1 },
    },
    {
      reason: "a run that is no deploy changes nothing",
      record: { deploymentId: FN, instances: 2 },
      request: {},
      named: { deploymentId: FN, instances: 2 },
    },
  ] as const)("$reason", ({ record, request, named }) => {
    expect(deploymentAfterApply(record, request)).toEqual(named);
  });
});

describe("deleteVerdict: what the custom resource's delete may do", () => {
  const another = (instances: number): DeleteVerdict => ({
    kind: "another-instance",
    remaining: { deploymentId: FN, instances } as Deployment,
  });

  it.each([
    {
      reason: "the last instance of the deployment in charge tears down",
      record: { deploymentId: FN, instances: 1 },
      deploymentId: FN,
      verdict: { kind: "teardown" },
    },
    {
      reason: "a record from before instances were counted holds one: tear down",
      record: { deploymentId: FN },
      deploymentId: FN,
      verdict: { kind: "teardown" },
    },
    {
      reason: "the old instance of a replacement counts itself out",
      record: { deploymentId: FN, instances: 2 },
      deploymentId: FN,
      verdict: another(1),
    },
    {
      reason: "a deployment the record no longer names changes nothing",
      record: { deploymentId: FN, instances: 1 },
      deploymentId: OLD,
      verdict: { kind: "superseded", by: FN },
    },
    {
      reason: "no deployment named (a lost record) tears down what ownership proves ours",
      record: {},
      deploymentId: FN,
      verdict: { kind: "teardown" },
    },
  ] as const)("$reason", ({ record, deploymentId, verdict }) => {
    expect(deleteVerdict(record, { deploymentId })).toEqual(verdict);
  });
});

describe("withoutDeployment: the record once its deployment ended (a retaining teardown)", () => {
  it("drops the deployment and its count, and keeps what the record lists", () => {
    // Prepare
    const record = {
      version: 1,
      ownerId: "o",
      roles: ["r"],
      rules: ["echo"],
      deploymentId: FN,
      instances: 1,
    };

    // Act
    const ended = withoutDeployment(record);

    // Assess
    expect(ended).toEqual({ version: 1, ownerId: "o", roles: ["r"], rules: ["echo"] });
  });
});
