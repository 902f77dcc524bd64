import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_METRICS_NAMESPACE, DEFAULT_SERVICE_NAME, ENV } from "../../../common/constants";
import { executionRolePolicy } from "../../../component/executionRolePolicy";
import {
  BASIC,
  type Built,
  componentFixture,
  FULL,
  LOG_GROUP,
  PARAM,
  paramArn,
  policyOf,
  roleNamed,
} from "../componentFixture";
import { ACCOUNT, autoname, PROJECT, REGION, STACK } from "../pulumiHarness";

const fixture = componentFixture();

describe("the reconciler function, with the seed's args", () => {
  // One component with the seed's args, built once: the tests below only read what it registered.
  let basic: Built;
  beforeAll(async () => {
    fixture.harness.reset();
    basic = await fixture.build("echo-cache", BASIC);
  });

  it("lets only Lambda assume the execution role", async () => {
    const b = basic;

    expect(JSON.parse(roleNamed(b, "echo-cache-reconciler").inputs.assumeRolePolicy)).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
      ],
    });
  });

  it("gives the execution role the policy generated for this instance's parameter, log group, owner and role", async () => {
    const b = basic;

    const policy = b.one("aws:iam/rolePolicy:RolePolicy", "echo-cache-reconciler");
    expect(policy.inputs.role).toBe("echo-cache-reconciler-id");
    expect(JSON.parse(policy.inputs.policy)).toEqual(
      executionRolePolicy({
        partition: "aws",
        accountId: ACCOUNT,
        region: REGION,
        configParameterArn: paramArn(PARAM),
        stateParameterArn: paramArn(`${PARAM}.state`),
        ownerId: `${PROJECT}/${STACK}/echo-cache`,
        logGroupArn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${LOG_GROUP}`,
        configuredRoleArn: `arn:aws:iam::${ACCOUNT}:role/echo-pullthrough-cache-role`,
        // The config lives in SSM: an edit can add a template at any time, with the default role name.
        templateRoleArn: `arn:aws:iam::${ACCOUNT}:role/echo-pullthrough-template-role`,
      }),
    );
  });

  it("has no adopt statement when adopt is off", async () => {
    const b = basic;

    const sids = policyOf(b, "echo-cache-reconciler").Statement.map((s: { Sid: string }) => s.Sid);
    expect(sids).not.toContain("AdoptConfiguredRole");
  });

  it("runs the bundled reconciler, reserving no concurrency, with the contract's environment", async () => {
    const b = basic;

    const fn = b.one("aws:lambda/function:Function").inputs;
    expect(fn).toEqual(
      expect.objectContaining({
        runtime: "nodejs22.x",
        handler: "index.handler",
        // The provider's "unreserved": a new account (quota 10) refuses any reservation.
        reservedConcurrentExecutions: -1,
        timeout: 300,
        memorySize: 256,
        architectures: ["arm64"],
        role: `arn:aws:iam::${ACCOUNT}:role/${autoname("echo-cache-reconciler")}`,
        loggingConfig: { logFormat: "JSON", logGroup: LOG_GROUP },
      }),
    );
    expect(fn.environment.variables).toEqual({
      [ENV.configParameterName]: PARAM,
      [ENV.stateParameterName]: `${PARAM}.state`,
      [ENV.ownerId]: `${PROJECT}/${STACK}/echo-cache`,
      [ENV.cacheName]: "echo-cache",
      [ENV.serviceName]: DEFAULT_SERVICE_NAME,
      [ENV.metricsNamespace]: DEFAULT_METRICS_NAMESPACE,
    });
    const assets = await fn.code.assets;
    expect(Object.keys(assets)).toEqual(["index.js"]);
    expect(await assets["index.js"].path).toMatch(/[/\\]dist[/\\]lambda[/\\]index\.js$/);
  });
});

describe("the reconciler function, with a KMS template and its role", () => {
  const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
  const TEMPLATE_ROLE = `arn:aws:iam::${ACCOUNT}:role/ptc/ecr-template-role`;
  const sidsOf = (b: Built) =>
    policyOf(b, "echo-cache-reconciler").Statement.map((s: { Sid: string }) => s.Sid);
  const statement = (b: Built, sid: string) =>
    policyOf(b, "echo-cache-reconciler").Statement.find((s: { Sid: string }) => s.Sid === sid);
  let kms: Built;
  beforeAll(async () => {
    fixture.harness.reset();
    kms = await fixture.build("echo-cache", {
      ...BASIC,
      configSource: "pulumi",
      rolePath: "/ptc/",
      repositoryTemplate: { encryption: "KMS", kmsKeyArn: KEY, roleName: "ecr-template-role" },
    });
  });

  it("lets the reconciler pass exactly the template's role of the args (or a prefix-renamed one) to ECR only", () => {
    expect(statement(kms, "PassTemplateRoleToEcr")).toEqual({
      Sid: "PassTemplateRoleToEcr",
      Effect: "Allow",
      Action: ["iam:PassRole"],
      Resource: [TEMPLATE_ROLE, `arn:aws:iam::${ACCOUNT}:role/*-pullthrough-template-role`],
      Condition: { StringEquals: { "iam:PassedToService": "ecr.amazonaws.com" } },
    });
  });

  it("lets it tag the template's role on create, as it does the pull role", () => {
    expect(statement(kms, "TagConfiguredRoleOnCreate").Resource).toEqual(
      expect.arrayContaining([TEMPLATE_ROLE]),
    );
  });

  it("grants what creating the template takes: the template writes, CreateRepository and PutLifecyclePolicy in its registry, ECR's template service-linked role", () => {
    expect(statement(kms, "WriteRepositoryCreationTemplates").Action).toEqual([
      "ecr:CreateRepositoryCreationTemplate",
      "ecr:UpdateRepositoryCreationTemplate",
    ]);
    expect(statement(kms, "CreateRepositoriesThroughTemplates")).toEqual(
      expect.objectContaining({
        Action: ["ecr:CreateRepository", "ecr:PutLifecyclePolicy"],
        Resource: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/*`,
      }),
    );
    expect(statement(kms, "CreateEcrTemplateServiceLinkedRole")).toEqual(
      expect.objectContaining({
        Resource: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/ecr.amazonaws.com/AWSServiceRoleForECRTemplate`,
        Condition: { StringEquals: { "iam:AWSServiceName": "ecr.amazonaws.com" } },
      }),
    );
  });

  it("puts the template and its role name in the config document the Lambda reads", () => {
    const doc = JSON.parse(kms.one("aws:ssm/parameter:Parameter").inputs.value);

    expect(doc.repositoryTemplate).toEqual({
      encryption: "KMS",
      kmsKeyArn: KEY,
      roleName: "ecr-template-role",
    });
  });

  it("grants none of it when the program owns the config and asks for no template, but still lets it remove one", async () => {
    fixture.harness.reset();
    const plain = await fixture.build("echo-cache", { ...BASIC, configSource: "pulumi" });

    const sids = sidsOf(plain);
    expect(sids).toContain("FindAndRemoveRepositoryCreationTemplates");
    for (const sid of [
      "PassTemplateRoleToEcr",
      "WriteRepositoryCreationTemplates",
      "CreateRepositoriesThroughTemplates",
      "CreateEcrTemplateServiceLinkedRole",
    ])
      expect(sids).not.toContain(sid);
  });
});

describe("the reconciler function, with every option", () => {
  let full: Built;
  beforeAll(async () => {
    fixture.harness.reset();
    full = await fixture.build("echo-cache", FULL);
  });

  it("adds the adopt statement for exactly the configured role", () => {
    const adopt = policyOf(full, "echo-cache-reconciler").Statement.filter(
      (s: { Sid: string }) => s.Sid === "AdoptConfiguredRole",
    );

    expect(adopt).toEqual([
      expect.objectContaining({
        Action: "iam:TagRole",
        Resource: `arn:aws:iam::${ACCOUNT}:role/legacy-echo-role`,
      }),
    ]);
  });

  it("applies memory size, architecture and log retention", () => {
    expect(full.one("aws:lambda/function:Function").inputs).toEqual(
      expect.objectContaining({ memorySize: 512, architectures: ["x86_64"] }),
    );
    expect(full.one("aws:cloudwatch/logGroup:LogGroup").inputs).toEqual(
      expect.objectContaining({ name: LOG_GROUP, retentionInDays: 90 }),
    );
  });
});

describe("the reconciler function's reserved concurrency", () => {
  it("reserves what reservedConcurrency asks, known or an Output", async () => {
    // Prepare
    fixture.harness.reset();

    // Act
    const known = await fixture.build("known", { ...BASIC, reservedConcurrency: 2 });
    const output = await fixture.build("output", { ...BASIC, reservedConcurrency: pulumi.output(3) });

    // Assess
    expect(known.one("aws:lambda/function:Function").inputs.reservedConcurrentExecutions).toBe(2);
    expect(output.one("aws:lambda/function:Function").inputs.reservedConcurrentExecutions).toBe(3);
  });
});
