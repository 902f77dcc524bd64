/**
 * A repository creation template that needs a role of its own (KMS encryption, resource tags), through the
 * provider's lifecycle on the built handler: the first `pulumi up` creates the template's role and the template
 * naming it (`customRoleArn`), `pulumi up --replace` of the Invocation keeps both, and `pulumi destroy`
 * removes the template, then its role, then the record.
 */
import { ACCOUNT, ARGS, actionsSince, cacheOf, newStack, REGION, ROLE } from "./fixture";
import type { EmulatedStack } from "./stack";

const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const TEMPLATE_ROLE = "echo-pullthrough-template-role";
const KMS_TEMPLATE = {
  ...ARGS,
  repositoryTemplate: { encryption: "KMS", kmsKeyArn: KEY, resourceTags: { team: "platform" } },
} as const;

/** A new stack on an account that holds templates to the documented rule: KMS or tags need a role. */
function kmsStack(): EmulatedStack {
  const stack = newStack();
  stack.account.requireTemplateRole = true;
  return stack;
}

const templateOf = (stack: EmulatedStack) => stack.account.snapshot().repositoryCreationTemplates.echo;

/** The successful write calls since `mark`, as `operation target`. */
const writesSince = (stack: EmulatedStack, mark: number) =>
  stack.account.calls
    .slice(mark)
    .filter((c) => c.write && !c.error)
    .map((c) => {
      const input = c.input as { prefix?: string; RoleName?: string; Name?: string };
      return `${c.operation} ${input.prefix ?? input.RoleName ?? input.Name ?? ""}`;
    });

describe("a KMS template with resource tags, and its role, through up, replace and destroy", () => {
  it("creates the template's role and the template naming it on the first up", async () => {
    // Prepare
    const stack = kmsStack();

    // Act
    await stack.up(KMS_TEMPLATE);

    // Assess
    expect(cacheOf(stack).roles).toEqual([ROLE, TEMPLATE_ROLE]);
    expect(templateOf(stack)).toMatchObject({
      customRoleArn: `arn:aws:iam::${ACCOUNT}:role/${TEMPLATE_ROLE}`,
      encryptionConfiguration: { encryptionType: "KMS", kmsKey: KEY },
      resourceTags: [{ Key: "team", Value: "platform" }],
    });
    expect(cacheOf(stack).record).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/\.state\/template\/echo$/),
        expect.stringMatching(new RegExp(`\\.state/templateRole/${TEMPLATE_ROLE}$`)),
      ]),
    );
  });

  it("keeps the template and its role through pulumi up --replace of the Invocation", async () => {
    // Prepare
    const stack = kmsStack();
    await stack.up(KMS_TEMPLATE);
    const before = { template: templateOf(stack), roles: stack.account.snapshot().roles };
    const mark = stack.sent.length;
    const calls = stack.account.calls.length;

    // Act
    await stack.up(KMS_TEMPLATE, { replace: true });

    // Assess: the new create found both in sync, the old delete counted itself out.
    expect(actionsSince(stack, mark)).toEqual(["create", "delete"]);
    expect(stack.sent.at(-1)?.answer?.status).toBe("RETAINED");
    expect(writesSince(stack, calls).filter((w) => !w.includes(".state/"))).toEqual([]);
    expect({ template: templateOf(stack), roles: stack.account.snapshot().roles }).toEqual(before);
  });

  it("removes the template, then its role, then the record on destroy after a replace", async () => {
    // Prepare
    const stack = kmsStack();
    await stack.up(KMS_TEMPLATE);
    await stack.up(KMS_TEMPLATE, { replace: true });
    const mark = stack.account.calls.length;

    // Act
    await stack.destroy();

    // Assess
    const writes = writesSince(stack, mark);
    const at = (write: RegExp) => writes.findIndex((w) => write.test(w));
    const template = at(/^DeleteRepositoryCreationTemplate echo$/);
    const role = at(new RegExp(`^DeleteRole ${TEMPLATE_ROLE}$`));
    const record = at(/^DeleteParameter .*\.state\/templateRole\//);
    expect([template, role, record].every((i) => i >= 0)).toBe(true);
    expect(template).toBeLessThan(role);
    expect(role).toBeLessThan(record);
    expect(stack.sent.at(-1)?.answer?.status).toBe("DELETED");
    expect(templateOf(stack)).toBeUndefined();
    expect(cacheOf(stack)).toEqual({ roles: [], rules: [], record: [] });
  });
});
