/**
 * Alarm actions by Region. A CloudWatch alarm takes only actions in its own Region (an SNS topic of another
 * Region fails `PutMetricAlarm` with "Invalid region … specified"; docs/aws-facts.md, "CloudWatch alarms"), and
 * a fleet's alarms are in every Region it has: each alarm gets the actions of its Region, and an action in a
 * Region where the fleet has no alarm is an error, named where it was written.
 */
import * as pulumi from "@pulumi/pulumi";
import { holdsPending } from "../validateArgs";

type Actions = pulumi.Input<pulumi.Input<string>[]>;

/** The Region of an ARN (`arn:<partition>:<service>:<region>:…`), or undefined when it names none. */
export function actionRegion(arn: string): string | undefined {
  return arn.split(":")[3] || undefined;
}

/** The actions as a plain list, when every one is known now. */
function known(actions: Actions | undefined): readonly unknown[] | undefined {
  return Array.isArray(actions) && !holdsPending(actions) ? actions : undefined;
}

/**
 * The actions of one Region's alarms: those whose ARN is in that Region (or names none). Plain when the
 * list is, else an Output.
 *
 * @example
 * actionsIn(["arn:aws:sns:eu-west-1:1:a", "arn:aws:sns:us-east-1:1:b"], "us-east-1"); // ["arn:aws:sns:us-east-1:1:b"]
 */
export function actionsIn(actions: Actions | undefined, region: string): Actions | undefined {
  if (actions === undefined) return undefined;
  const here = (list: readonly unknown[]) =>
    list.filter((a) => typeof a !== "string" || [undefined, region].includes(actionRegion(a))) as string[];
  const list = known(actions);
  return list !== undefined ? here(list) : pulumi.output(actions).apply(here);
}

/**
 * Each known action in a Region where none of the alarms it goes on is.
 *
 * @example
 * actionRegionErrors("alarmActions", ["arn:aws:sns:ap-south-1:1:a"], ["eu-west-1"]);
 * // ["alarmActions[0]: arn:aws:sns:ap-south-1:1:a is in ap-south-1, where …"]
 */
export function actionRegionErrors(
  path: string,
  actions: Actions | undefined,
  regions: readonly string[],
): string[] {
  return (known(actions) ?? []).flatMap((a, i) => {
    const region = typeof a === "string" ? actionRegion(a) : undefined;
    if (region === undefined || regions.includes(region)) return [];
    return [
      `${path}[${i}]: ${a} is in ${region}, where none of its alarms is (${[...new Set(regions)].sort().join(", ")}); ` +
        "an alarm takes only actions of its own Region: give one per Region",
    ];
  });
}

/**
 * The Regions a known, non-empty list leaves without any action: their alarms would notify no one. Warned
 * about, not refused (a Region may be watched some other way).
 *
 * @example
 * unnotifiedRegions("alarmActions", ["arn:aws:sns:eu-west-1:1:a"], ["eu-west-1", "us-east-1"]);
 * // ["alarmActions: none is in us-east-1, so its alarms there notify no one (…)"]
 */
export function unnotifiedRegions(
  path: string,
  actions: Actions | undefined,
  regions: readonly string[],
): string[] {
  const list = known(actions);
  if (list === undefined || list.length === 0) return [];
  return [...new Set(regions)]
    .filter((region) => (actionsIn(list as string[], region) as string[]).length === 0)
    .map(
      (region) =>
        `${path}: none is in ${region}, so its alarms there notify no one (an alarm takes only actions of its own Region)`,
    );
}
