import { OWNER_TAG_KEY } from "../../../../common/constants";
import { desiredState } from "../../../../reconciler/engine/desired";
import { roleIsOurs, roleOwner } from "../../../../reconciler/resources/role/ownership";
import type { RoleActual } from "../../../../reconciler/resources/role/types";
import { CTX, configOf, roleInSync } from "../../builders";

describe("roleIsOurs", () => {
  const role = roleInSync(desiredState(configOf(), CTX).role);
  const withTags = (tags: Record<string, string>): RoleActual => ({ ...role, tags });

  it.each<{ reason: string; tags: Record<string, string>; ours: boolean }>([
    {
      reason: "our ownership tag with our owner id makes it ours",
      tags: { [OWNER_TAG_KEY]: CTX.ownerId },
      ours: true,
    },
    {
      reason: "another reconciler's owner id is not ours",
      tags: { [OWNER_TAG_KEY]: "p/s/other" },
      ours: false,
    },
    { reason: "a role without the tag is nobody's", tags: { team: "platform" }, ours: false },
    { reason: "an empty owner value is not our id", tags: { [OWNER_TAG_KEY]: "" }, ours: false },
    {
      reason: "our id under another tag key proves nothing",
      tags: { "buildecho:other": CTX.ownerId },
      ours: false,
    },
  ])("$reason", ({ tags, ours }) => {
    // Act
    const result = roleIsOurs(withTags(tags), CTX.ownerId);

    // Assess
    expect(result).toBe(ours);
  });

  it("names the owner of a tagged role and no owner for an untagged one", () => {
    // Act
    const owners = [roleOwner(withTags({ [OWNER_TAG_KEY]: "p/s/x" })), roleOwner(withTags({}))];

    // Assess
    expect(owners).toEqual(["p/s/x", undefined]);
  });
});
