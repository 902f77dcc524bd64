import * as aws from "@pulumi/aws";
import { configParameterValue } from "../configDocument";
import { configParameterName } from "../naming";
import { configParameterOptions } from "../resourceSettings";
import type { BuildContext } from "./context";

/**
 * The SSM parameter holding the config document: seeded from the args, then owned by SSM edits or by the
 * program, as `configSource` says.
 *
 * @example
 * const parameter = buildConfigStore(ctx); // aws.ssm.Parameter "<name>-config"
 */
export function buildConfigStore(ctx: BuildContext): aws.ssm.Parameter {
  const { name, resolved } = ctx;
  return new aws.ssm.Parameter(
    `${name}-config`,
    {
      name: configParameterName(ctx.identity),
      description: `Config of the Echo ECR pull-through cache reconciler '${name}'. Every edit is validated and applied.`,
      type: "String",
      tier: "Standard",
      dataType: "text",
      value: configParameterValue(resolved.config),
    },
    { ...ctx.opts, ...configParameterOptions(resolved.configSource) },
  );
}
