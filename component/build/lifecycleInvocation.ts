import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { INVOCATION_TERRAFORM_KEY } from "../constants";
import { lifecycleInput } from "../invocation";
import { packageVersion } from "../lambdaBundle";
import type { BuildContext } from "./context";
import type { ReconcilerFunction } from "./reconcilerFunction";

/**
 * The custom resource that runs the reconciler on create, update and destroy: `pulumi up` returns once the
 * role and the rule exist, and its `result` is the report the component's outputs come from.
 *
 * @example
 * const invocation = buildLifecycleInvocation(ctx, reconciler, parameter);
 */
export function buildLifecycleInvocation(
  ctx: BuildContext,
  reconciler: ReconcilerFunction,
  parameter: aws.ssm.Parameter,
): aws.lambda.Invocation {
  const { name, resolved } = ctx;
  const { fn, executionRole, executionPolicy, logGroup } = reconciler;
  return new aws.lambda.Invocation(
    `${name}-lifecycle`,
    {
      functionName: fn.name,
      lifecycleScope: "CRUD",
      terraformKey: INVOCATION_TERRAFORM_KEY,
      input: pulumi
        .all([fn.arn, resolved.deletionPolicy, resolved.configHash])
        .apply(([deploymentId, deletionPolicy, configHash]) =>
          lifecycleInput({
            deploymentId,
            deletionPolicy,
            configSource: resolved.configSource,
            configHash,
            packageVersion: packageVersion(),
          }),
        ),
    },
    // Destroy deletes dependents first: the teardown run happens while everything it needs exists.
    { ...ctx.opts, dependsOn: [executionRole, executionPolicy, logGroup, fn, parameter] },
  );
}
