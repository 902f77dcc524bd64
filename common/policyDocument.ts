/**
 * The subset of the IAM policy grammar this package writes: the component's execution, scheduler and consumer
 * policies and the reconciler's trust and pull policies (IAM User Guide, "IAM JSON policy element reference").
 */

/**
 * The policy language version: the current one, without which features such as policy variables do not work
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html).
 */
export const POLICY_VERSION = "2012-10-17";

export type ConditionBlock = Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: Readonly<Record<string, string | readonly string[]>>;
  readonly Action: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Condition?: ConditionBlock;
}

export interface PolicyDocument {
  readonly Version: typeof POLICY_VERSION;
  readonly Statement: readonly PolicyStatement[];
}
