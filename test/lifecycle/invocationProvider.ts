/**
 * `aws.lambda.Invocation` with `lifecycleScope: "CRUD"`, as terraform-provider-aws implements it
 * (`internal/service/lambda/invocation.go`) and pulumi-aws bridges it (docs/aws-facts.md, "aws.lambda.Invocation
 * (the Pulumi custom resource)"):
 *
 * - the payload is `input` with the key `terraformKey` set to `{action, prev_input}`, re-encoded by Go's
 *   `encoding/json` from a map (keys sorted); `prev_input` is the old `input` on update, `null` on create and the
 *   stored `input` itself on delete;
 * - `functionName`, `qualifier` and `triggers` force a replacement; any other change is an update; `input` is
 *   compared as text;
 * - a failed Invoke, or an answer with `FunctionError`, fails the operation. A failed create sets no id, so
 *   nothing is stored (`ResourceData.State()` is nil without an id); a failed update returns the planned state
 *   with the error, which the bridge turns into an initialization error holding the NEW input; a failed delete
 *   leaves the resource in the state. Delete does not ignore a function that is gone.
 */
import type { InvokeOutput, LambdaService } from "./lambdaService";

export interface InvocationArgs {
  readonly functionName: string;
  /** A JSON object, as text. */
  readonly input: string;
  readonly lifecycleScope: "CRUD";
  readonly terraformKey: string;
  readonly qualifier?: string;
  readonly triggers?: Readonly<Record<string, string>>;
}

/** What the stack holds of one Invocation: its outputs (the Terraform state), and the engine's init errors. */
export interface InvocationState extends InvocationArgs {
  readonly result?: string;
  /** Set by a failed update: the next `pulumi up` runs an update again, even with nothing changed. */
  readonly initErrors?: readonly string[];
}

/** The operation failed: `pulumi up` or `pulumi destroy` stops with this message. */
export class InvocationFailedError extends Error {
  override readonly name = "InvocationFailed";
}

/** A failed update: the state the engine keeps (the new input, with init errors). */
export class InvocationUpdateFailedError extends InvocationFailedError {
  constructor(
    message: string,
    readonly state: InvocationState,
  ) {
    super(message);
  }
}

/** One Invoke the provider sent, as the function received it. */
export interface SentInvocation {
  readonly functionName: string;
  readonly action: "create" | "update" | "delete";
  readonly payload: Record<string, unknown>;
  /** What the function answered: its report, or the error object when it threw. */
  answer?: Record<string, unknown>;
}

const FORCE_NEW = ["functionName", "qualifier", "triggers"] as const;
const DEFAULT_QUALIFIER = "$LATEST";

/** Go's `encoding/json` of a map: keys sorted at every level, no spaces. */
function goJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(goJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${goJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** `buildInput`: the new input with `{action, prev_input}` under the terraform key. */
export function payloadOf(
  action: SentInvocation["action"],
  input: string,
  prevInput: string | undefined,
  key: string,
) {
  const next = JSON.parse(input) as Record<string, unknown>;
  const prev = prevInput === undefined ? null : (JSON.parse(prevInput) as Record<string, unknown>);
  return goJson({ ...next, [key]: { action, prev_input: prev } });
}

/** What the provider's diff decides for the program's args against the stored state. */
export function diffInvocation(state: InvocationState, args: InvocationArgs): "none" | "update" | "replace" {
  const same = (k: (typeof FORCE_NEW)[number]) => {
    const fallback = k === "qualifier" ? DEFAULT_QUALIFIER : undefined;
    return JSON.stringify(state[k] ?? fallback) === JSON.stringify(args[k] ?? fallback);
  };
  if (!FORCE_NEW.every(same)) return "replace";
  const inPlace = ["input", "lifecycleScope", "terraformKey"] as const;
  return inPlace.every((k) => state[k] === args[k]) ? "none" : "update";
}

/** The provider's CRUD, sending each Invoke to `lambda` and logging it in `sent`. */
export class InvocationProvider {
  readonly sent: SentInvocation[] = [];

  constructor(private readonly lambda: LambdaService) {}

  private async invoke(
    action: SentInvocation["action"],
    args: InvocationArgs,
    prevInput: string | undefined,
  ): Promise<string> {
    const payload = payloadOf(action, args.input, prevInput, args.terraformKey);
    const sent: SentInvocation = { functionName: args.functionName, action, payload: JSON.parse(payload) };
    this.sent.push(sent);
    let output: InvokeOutput;
    try {
      output = await this.lambda.invoke(args.functionName, payload);
    } catch (e) {
      const error = e as Error;
      throw new InvocationFailedError(
        `invoking Lambda Function (${args.functionName}): ${error.name}: ${error.message}`,
        { cause: e },
      );
    }
    sent.answer = JSON.parse(output.Payload);
    if (output.FunctionError !== undefined) {
      throw new InvocationFailedError(`invoking Lambda Function (${args.functionName}): ${output.Payload}`);
    }
    return output.Payload;
  }

  /** Create: on failure nothing is stored. */
  async create(args: InvocationArgs): Promise<InvocationState> {
    return { ...args, result: await this.invoke("create", args, undefined) };
  }

  /**
   * Update (also the empty update the engine runs for a resource with init errors): `prev_input` is the stored
   * input. On failure the engine keeps the new input, with init errors.
   */
  async update(state: InvocationState, args: InvocationArgs): Promise<InvocationState> {
    try {
      return { ...args, result: await this.invoke("update", args, state.input) };
    } catch (e) {
      const message = (e as Error).message;
      const kept: InvocationState = {
        ...args,
        ...(state.result !== undefined ? { result: state.result } : {}),
        initErrors: [message],
      };
      throw new InvocationUpdateFailedError(message, kept);
    }
  }

  /** Delete, from the stored state alone: `prev_input` is the stored input too. */
  async delete(state: InvocationState): Promise<void> {
    await this.invoke("delete", state, state.input);
  }
}
