import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { configDrift, configDriftWarning } from "../configDrift";
import { configParameterName, namePath } from "../naming";
import { configParameterOptions } from "../resourceSettings";
import type { BuildContext } from "./context";

/**
 * The SSM parameter holding the config document: seeded from the args, then owned by SSM edits or by the
 * program, as `configSource` says. When SSM owns it, args that differ from the parameter are a warning.
 *
 * @example
 * const parameter = buildConfigStore(ctx); // aws.ssm.Parameter "<name>-config"
 */
export function buildConfigStore(ctx: BuildContext): aws.ssm.Parameter {
  const { name, resolved } = ctx;
  const parameter = new aws.ssm.Parameter(
    `${name}-config`,
    {
      name: configParameterName(ctx.identity),
      description: `Config of the Echo ECR pull-through cache reconciler '${name}'. Every edit is validated and applied.`,
      type: "String",
      tier: "Standard",
      dataType: "text",
      value: resolved.document,
      tags: resolved.tags,
    },
    { ...ctx.opts, ...configParameterOptions(resolved.configSource) },
  );
  if (resolved.configSource === "ssm") warnWhenSsmDiffers(ctx);
  return parameter;
}

/**
 * With `configSource: "ssm"` Pulumi ignores the parameter's value, so a change of the args would do nothing
 * without a word: read what SSM holds now and warn when the args differ. GetParametersByPath lists what
 * exists under the instance's path and returns nothing, not an error, before the first deployment
 * (docs/aws-facts.md, "SSM Parameter Store"); should the read fail (say, the deployer may not call it), the
 * check is skipped rather than failing the deployment.
 */
function warnWhenSsmDiffers(ctx: BuildContext): void {
  const parameterName = configParameterName(ctx.identity);
  const stored = aws.ssm
    .getParametersByPath({ path: namePath(ctx.identity), withDecryption: false }, ctx.opts)
    .then(
      (found) => found.values[found.names.indexOf(parameterName)],
      () => undefined,
    );
  pulumi.all([ctx.resolved.config, stored]).apply(([config, text]) => {
    if (text === undefined) return;
    const warning = configDriftWarning({ name: ctx.name, parameterName, drift: configDrift(config, text) });
    if (warning !== undefined) pulumi.log.warn(warning, ctx.opts.parent);
  });
}
