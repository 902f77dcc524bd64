import { normaliseRecord, type OwnershipRecord, pendingKey } from "../../../reconciler/engine/record";
import { entriesOf, entryChanges, recordOfEntries } from "../../../reconciler/engine/recordEntries";
import { CTX } from "../builders";

const FULL: OwnershipRecord = {
  version: 1,
  ownerId: CTX.ownerId,
  roles: ["echo-pullthrough-cache-role"],
  rules: ["echo"],
  templates: ["echo"],
  templateRoles: ["echo-pullthrough-template-role"],
  deploymentId: "arn:aws:lambda:eu-west-1:111122223333:function:f",
  ruleCreatedAt: { echo: "2026-07-01T00:00:00.000Z" },
  pendingSince: {
    [pendingKey("templateRole", "echo-pullthrough-template-role")]: "2026-07-02T00:00:00.000Z",
  },
};

describe("the record's entries", () => {
  it("keep one entry per resource of every kind, the template's role in a folder of its own", () => {
    // Act
    const names = [...entriesOf(FULL).keys()].sort();

    // Assess
    expect(names).toEqual([
      "deployment",
      "role/echo-pullthrough-cache-role",
      "rule/echo",
      "template/echo",
      "templateRole/echo-pullthrough-template-role",
    ]);
  });

  it("read back as the record they were written from, claim times included", () => {
    // Act
    const read = recordOfEntries(CTX.ownerId, entriesOf(FULL));

    // Assess
    expect(read).toEqual(normaliseRecord(FULL));
  });

  it("tell a pull role and a template role of the same name apart", () => {
    // Prepare: a role the config moved from one job to the other keeps one entry per kind until the run ends.
    const both: OwnershipRecord = { ...FULL, roles: ["shared"], templateRoles: ["shared"], pendingSince: {} };

    // Act
    const read = recordOfEntries(CTX.ownerId, entriesOf(both));

    // Assess
    expect([read.roles, read.templateRoles]).toEqual([["shared"], ["shared"]]);
  });

  it("write only the template role's entry when only it is new", () => {
    // Prepare
    const { templateRoles: _none, ...before } = FULL;

    // Act
    const changes = entryChanges(entriesOf(before), entriesOf(FULL));

    // Assess
    expect(changes.deletes).toEqual([]);
    expect(changes.puts.map((p) => [p.name, p.created])).toEqual([
      ["templateRole/echo-pullthrough-template-role", true],
    ]);
  });
});
