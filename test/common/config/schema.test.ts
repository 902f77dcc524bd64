import fc from "fast-check";
import {
  defaultRoleName,
  defaultTemplateRoleName,
  ECR_PREFIX_PATTERN,
  parseConfig,
  parseConfigText,
  ROLE_NAME_PATTERN,
} from "../../../common/config/schema";
import { OWNER_TAG_KEY } from "../../../common/constants";

const ACCOUNT = "123456789012";
/** The smallest valid document: every malformed case below changes one thing in it. */
const BASE = { sourceRegistryAccountId: ACCOUNT } as const;

/** `n` distinct valid tags. */
const manyTags = (n: number): Record<string, string> =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`key${i}`, `value${i}`]));

// Prefixes built from the parts of ECR's pattern, so multi-component and trailing-`/` prefixes are common;
// fc.stringMatching on the raw pattern is mixed in, but alone it yields `ROOT` about half the time.
const segment = fc.stringMatching(/^[a-z0-9]{1,6}$/);
const separator = fc.constantFrom(".", "_", "__", "-", "--");
const component = fc
  .tuple(segment, fc.array(fc.tuple(separator, segment), { maxLength: 3 }))
  .map(([head, rest]) => head + rest.map(([sep, seg]) => sep + seg).join(""));
const ecrPrefix = fc
  .oneof(
    { weight: 4, arbitrary: fc.tuple(fc.array(component, { minLength: 1, maxLength: 4 }), fc.boolean()) },
    {
      weight: 1,
      arbitrary: fc.tuple(
        fc.stringMatching(ECR_PREFIX_PATTERN).map((p) => [p]),
        fc.constant(false),
      ),
    },
  )
  .map(([components, trailingSlash]) => components.join("/") + (trailingSlash ? "/" : ""))
  .filter((p) => p.length >= 2 && p.length <= 30);

describe("parseConfig defaults", () => {
  it("fills every default when only sourceRegistryAccountId is given", () => {
    // Prepare
    const doc = { sourceRegistryAccountId: ACCOUNT };

    // Act
    const result = parseConfig(doc);

    // Assess
    expect(result).toEqual({
      ok: true,
      config: {
        version: 1,
        mode: "enforce",
        sourceRegistryAccountId: ACCOUNT,
        sourceRegistryRegion: "us-east-1",
        repositoryPrefix: "echo",
        upstreamRepositoryPrefix: "ROOT",
        roleName: "echo-pullthrough-cache-role",
        rolePath: "/",
        tags: {},
        adopt: false,
        allowReplace: true,
      },
    });
  });

  it("keeps explicit values instead of defaults and drops the $schema editor hint", () => {
    // Prepare
    const doc = {
      $schema: "./config.schema.json",
      version: 1,
      mode: "detect",
      sourceRegistryAccountId: ACCOUNT,
      sourceRegistryRegion: "eu-west-1",
      repositoryPrefix: "team/a",
      upstreamRepositoryPrefix: "hardened",
      roleName: "custom-role",
      rolePath: "/echo/",
      tags: { team: "platform" },
      adopt: true,
      allowReplace: false,
    };

    // Act
    const result = parseConfig(doc);

    // Assess
    const { $schema: _hint, ...expected } = doc;
    expect(result).toEqual({ ok: true, config: expected });
  });

  it("does not mutate the document it validates", () => {
    // Prepare
    const doc = { sourceRegistryAccountId: ACCOUNT, tags: { team: "platform" } };
    const before = JSON.stringify(doc);

    // Act
    parseConfig(doc);

    // Assess
    expect(JSON.stringify(doc)).toBe(before);
  });
});

describe("default role name", () => {
  it.each([
    {
      reason: "the default prefix gives the seed's name",
      prefix: "echo",
      roleName: "echo-pullthrough-cache-role",
    },
    {
      reason: "a '/' is not allowed in role names and becomes '+', which no prefix holds",
      prefix: "team/a",
      roleName: "team+a-pullthrough-cache-role",
    },
    {
      reason: "a '-' stays, so team-a and team/a never share a role",
      prefix: "team-a",
      roleName: "team-a-pullthrough-cache-role",
    },
    {
      reason: "a trailing '/' is kept as '+', so team/a/ and team/a stay apart",
      prefix: "team/a/",
      roleName: "team+a+-pullthrough-cache-role",
    },
    {
      reason: "'.', '_' and '-' are valid in role names and kept",
      prefix: "a.b_c--d",
      roleName: "a.b_c--d-pullthrough-cache-role",
    },
    { reason: "ROOT is kept as written", prefix: "ROOT", roleName: "ROOT-pullthrough-cache-role" },
  ])("derives $roleName from $prefix: $reason", ({ prefix, roleName }) => {
    // Prepare
    const doc = { ...BASE, repositoryPrefix: prefix };

    // Act
    const result = parseConfig(doc);

    // Assess
    expect(result.ok && result.config.roleName).toBe(roleName);
  });

  it("always derives a valid IAM role name of at most 64 characters from a valid prefix", () => {
    fc.assert(
      fc.property(ecrPrefix, (prefix) => {
        // Prepare
        const doc = { ...BASE, repositoryPrefix: prefix };

        // Act
        const result = parseConfig(doc);

        // Assess
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        expect(result.config.roleName).toBe(defaultRoleName(prefix));
        expect(result.config.roleName).toMatch(ROLE_NAME_PATTERN);
        expect(result.config.roleName.length).toBeLessThanOrEqual(64);
        // The derived name must also be accepted when written explicitly.
        expect(parseConfig({ ...doc, roleName: result.config.roleName }).ok).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe("default template role name", () => {
  it.each([
    {
      reason: "the default prefix",
      prefix: "echo",
      over: {},
      roleName: "echo-pullthrough-template-role",
    },
    {
      reason: "a '/' becomes '+', as in the pull role's name",
      prefix: "team/a",
      over: {},
      roleName: "team+a-pullthrough-template-role",
    },
    {
      reason: "an explicit name wins",
      prefix: "echo",
      over: { roleName: "ecr-template-role" },
      roleName: "ecr-template-role",
    },
  ])("is $roleName for $prefix: $reason", ({ prefix, over, roleName }) => {
    // Act
    const result = parseConfig({ ...BASE, repositoryPrefix: prefix, repositoryTemplate: { ...over } });

    // Assess
    expect(result.ok && result.config.repositoryTemplate?.roleName).toBe(roleName);
  });

  it("always derives a valid IAM role name of at most 64 characters, apart from the pull role's", () => {
    fc.assert(
      fc.property(ecrPrefix, (prefix) => {
        // Act
        const result = parseConfig({ ...BASE, repositoryPrefix: prefix, repositoryTemplate: {} });

        // Assess
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        const name = result.config.repositoryTemplate?.roleName ?? "";
        expect(name).toBe(defaultTemplateRoleName(prefix));
        expect(name).toMatch(ROLE_NAME_PATTERN);
        expect(name.length).toBeLessThanOrEqual(64);
        expect(name.toLowerCase()).not.toBe(result.config.roleName.toLowerCase());
      }),
      { numRuns: 300 },
    );
  });
});

describe("parseConfig rejects malformed documents", () => {
  const cases: ReadonlyArray<{ reason: string; doc: unknown; path: string }> = [
    // The document itself.
    { reason: "null is not an object", doc: null, path: "(root)" },
    { reason: "an array is not an object", doc: [BASE], path: "(root)" },
    { reason: "a string is not an object", doc: JSON.stringify(BASE), path: "(root)" },
    { reason: "a number is not an object", doc: 1, path: "(root)" },
    { reason: "an unknown top-level key is a typo, never ignored", doc: { ...BASE, foo: 1 }, path: "foo" },
    {
      reason: "a misspelt field is reported as unknown",
      doc: { ...BASE, repositoryPrefx: "echo" },
      path: "repositoryPrefx",
    },
    { reason: "$schema must be a string when present", doc: { ...BASE, $schema: 1 }, path: "$schema" },
    // version and mode.
    { reason: "only version 1 exists", doc: { ...BASE, version: 2 }, path: "version" },
    { reason: "the version is a number, not a string", doc: { ...BASE, version: "1" }, path: "version" },
    { reason: "mode is one of three words", doc: { ...BASE, mode: "enforcing" }, path: "mode" },
    { reason: "mode must be a string", doc: { ...BASE, mode: 1 }, path: "mode" },
    // sourceRegistryAccountId.
    { reason: "the account id is required", doc: {}, path: "sourceRegistryAccountId" },
    {
      reason: "an account id is a string: as a number it would lose leading zeros",
      doc: { sourceRegistryAccountId: 123456789012 },
      path: "sourceRegistryAccountId",
    },
    {
      reason: "11 digits is too short",
      doc: { sourceRegistryAccountId: "12345678901" },
      path: "sourceRegistryAccountId",
    },
    {
      reason: "13 digits is too long",
      doc: { sourceRegistryAccountId: "1234567890123" },
      path: "sourceRegistryAccountId",
    },
    {
      reason: "account ids are digits only",
      doc: { sourceRegistryAccountId: "12345678901a" },
      path: "sourceRegistryAccountId",
    },
    {
      reason: "the console's dashed form is not an id",
      doc: { sourceRegistryAccountId: "1234-5678-9012" },
      path: "sourceRegistryAccountId",
    },
    // sourceRegistryRegion.
    {
      reason: "a Region needs its number",
      doc: { ...BASE, sourceRegistryRegion: "us-east" },
      path: "sourceRegistryRegion",
    },
    {
      reason: "Region names are lowercase",
      doc: { ...BASE, sourceRegistryRegion: "US-EAST-1" },
      path: "sourceRegistryRegion",
    },
    {
      reason: "an invented Region is rejected",
      doc: { ...BASE, sourceRegistryRegion: "moon-1" },
      path: "sourceRegistryRegion",
    },
    {
      reason: "an ISO (secret-cloud) Region is in no partition the component knows",
      doc: { ...BASE, sourceRegistryRegion: "us-iso-east-1" },
      path: "sourceRegistryRegion",
    },
    {
      reason: "China's Regions have no southeast",
      doc: { ...BASE, sourceRegistryRegion: "cn-southeast-1" },
      path: "sourceRegistryRegion",
    },
    {
      reason: "an empty Region is rejected",
      doc: { ...BASE, sourceRegistryRegion: "" },
      path: "sourceRegistryRegion",
    },
    {
      reason: "the Region must be a string",
      doc: { ...BASE, sourceRegistryRegion: 1 },
      path: "sourceRegistryRegion",
    },
    // repositoryPrefix.
    {
      reason: "a prefix has at least 2 characters",
      doc: { ...BASE, repositoryPrefix: "a" },
      path: "repositoryPrefix",
    },
    {
      reason: "a prefix has at most 30 characters",
      doc: { ...BASE, repositoryPrefix: "a".repeat(31) },
      path: "repositoryPrefix",
    },
    {
      reason: "prefixes are lowercase",
      doc: { ...BASE, repositoryPrefix: "Echo" },
      path: "repositoryPrefix",
    },
    {
      reason: "'//' is not a separator",
      doc: { ...BASE, repositoryPrefix: "team//a" },
      path: "repositoryPrefix",
    },
    {
      reason: "a prefix cannot start with '-'",
      doc: { ...BASE, repositoryPrefix: "-echo" },
      path: "repositoryPrefix",
    },
    {
      reason: "a prefix cannot end with '.'",
      doc: { ...BASE, repositoryPrefix: "echo." },
      path: "repositoryPrefix",
    },
    {
      reason: "the prefix must be a string",
      doc: { ...BASE, repositoryPrefix: 1 },
      path: "repositoryPrefix",
    },
    // upstreamRepositoryPrefix.
    {
      reason: "the upstream prefix follows ECR's pattern too",
      doc: { ...BASE, upstreamRepositoryPrefix: "Hardened" },
      path: "upstreamRepositoryPrefix",
    },
    {
      reason: "the upstream prefix must be a string",
      doc: { ...BASE, upstreamRepositoryPrefix: true },
      path: "upstreamRepositoryPrefix",
    },
    {
      reason: "ECR allows an upstream prefix only when the cache prefix is not ROOT",
      doc: { ...BASE, repositoryPrefix: "ROOT", upstreamRepositoryPrefix: "hardened" },
      path: "upstreamRepositoryPrefix",
    },
    // roleName.
    {
      reason: "role names have at most 64 characters",
      doc: { ...BASE, roleName: "r".repeat(65) },
      path: "roleName",
    },
    { reason: "role names have no spaces", doc: { ...BASE, roleName: "my role" }, path: "roleName" },
    {
      reason: "'/' belongs in rolePath, not roleName",
      doc: { ...BASE, roleName: "team/role" },
      path: "roleName",
    },
    { reason: "an empty role name is not 'unset'", doc: { ...BASE, roleName: "" }, path: "roleName" },
    { reason: "the role name must be a string", doc: { ...BASE, roleName: 1 }, path: "roleName" },
    {
      reason: "the template's role name has IAM's 64-character limit too",
      doc: { ...BASE, repositoryTemplate: { roleName: "r".repeat(65) } },
      path: "repositoryTemplate.roleName",
    },
    {
      reason: "the template's role cannot be the role ECR pulls with",
      doc: { ...BASE, roleName: "shared-role", repositoryTemplate: { roleName: "shared-role" } },
      path: "repositoryTemplate.roleName",
    },
    {
      reason: "role names are one IAM role ignoring case, defaults included",
      doc: { ...BASE, repositoryTemplate: { roleName: "ECHO-pullthrough-cache-role" } },
      path: "repositoryTemplate.roleName",
    },
    // rolePath.
    { reason: "a path starts with '/'", doc: { ...BASE, rolePath: "echo/" }, path: "rolePath" },
    { reason: "a path ends with '/'", doc: { ...BASE, rolePath: "/echo" }, path: "rolePath" },
    { reason: "an empty path is not '/'", doc: { ...BASE, rolePath: "" }, path: "rolePath" },
    { reason: "the path must be a string", doc: { ...BASE, rolePath: null }, path: "rolePath" },
    // tags.
    {
      reason: "tags are an object, not an array",
      doc: { ...BASE, tags: [{ Key: "a", Value: "b" }] },
      path: "tags",
    },
    { reason: "tags are an object, not a string", doc: { ...BASE, tags: "team=platform" }, path: "tags" },
    {
      reason: "50 user tags leave no room for the ownership tag",
      doc: { ...BASE, tags: manyTags(50) },
      path: "tags",
    },
    { reason: "51 tags exceed IAM's limit", doc: { ...BASE, tags: manyTags(51) }, path: "tags" },
    {
      reason: "a tag key has at most 128 characters",
      doc: { ...BASE, tags: { ["k".repeat(129)]: "v" } },
      path: `tags.${"k".repeat(129)}`,
    },
    {
      reason: "a tag value has at most 256 characters",
      doc: { ...BASE, tags: { team: "v".repeat(257) } },
      path: "tags.team",
    },
    {
      reason: "keys starting 'aws:' are reserved",
      doc: { ...BASE, tags: { "aws:foo": "v" } },
      path: "tags.aws:foo",
    },
    {
      reason: "the 'aws:' reservation ignores case",
      doc: { ...BASE, tags: { "AWS:foo": "v" } },
      path: "tags.AWS:foo",
    },
    { reason: "'#' is not allowed in tag keys", doc: { ...BASE, tags: { "a#b": "v" } }, path: "tags.a#b" },
    {
      reason: "';' is not allowed in tag values",
      doc: { ...BASE, tags: { team: "a;b" } },
      path: "tags.team",
    },
    {
      reason: "the ownership tag is the reconciler's",
      doc: { ...BASE, tags: { [OWNER_TAG_KEY]: "me" } },
      path: `tags.${OWNER_TAG_KEY}`,
    },
    {
      // IAM role tag keys are case-insensitive (sim/iam.ts: "Tag keys are case insensitive"): this key
      // would overwrite the ownership tag, or make CreateRole fail with duplicate keys.
      reason: "the ownership tag is reserved in any letter case",
      doc: { ...BASE, tags: { "BuildEcho:PullThrough-Cache:Owner": "me" } },
      path: "tags.BuildEcho:PullThrough-Cache:Owner",
    },
    { reason: "tag values are strings", doc: { ...BASE, tags: { team: 1 } }, path: "tags.team" },
    // adopt and allowReplace.
    { reason: "adopt is a boolean, not the string 'true'", doc: { ...BASE, adopt: "true" }, path: "adopt" },
    {
      reason: "allowReplace is a boolean, not the string 'false'",
      doc: { ...BASE, allowReplace: "false" },
      path: "allowReplace",
    },
    { reason: "allowReplace is a boolean, not 0", doc: { ...BASE, allowReplace: 0 }, path: "allowReplace" },
  ];

  it.each(cases)("reports $path: $reason", ({ doc, path }) => {
    // Act
    const result = parseConfig(doc);

    // Assess
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors).toContainEqual(
      expect.stringMatching(new RegExp(`^${escapeRegExp(`${path}: `)}`)),
    );
  });

  it("rejects tag keys that differ only in letter case, which IAM treats as one key", () => {
    // Prepare
    // IAM refuses such a list ("Duplicate tag keys found. Please note that Tag keys are case insensitive.").
    const doc = { ...BASE, tags: { Team: "a", team: "b" } };

    // Act
    const result = parseConfig(doc);

    // Assess
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors).toContainEqual(expect.stringMatching(/^tags(\.Team|\.team)?: /));
  });

  it("never drops a tag silently, even one named __proto__", () => {
    // Prepare
    // JSON.parse makes "__proto__" an own key; assigning it to a plain object would set the prototype instead.
    const text =
      '{"sourceRegistryAccountId": "123456789012", "tags": {"__proto__": "x", "team": "platform"}}';

    // Act
    const result = parseConfigText(text);

    // Assess
    // Either keeping the tag or reporting it is fine; losing it without a word is not.
    if (result.ok) expect(Object.keys(result.config.tags)).toContain("__proto__");
    else expect(result.errors).toContainEqual(expect.stringMatching(/^tags\.__proto__: /));
  });

  it("covers at least 45 malformed documents", () => {
    expect(cases.length).toBeGreaterThanOrEqual(45);
  });

  it("reports every problem of a document with several, sorted", () => {
    // Prepare
    const doc = {
      version: 2,
      mode: "enforcing",
      sourceRegistryAccountId: "12345",
      sourceRegistryRegion: "moon-1",
      repositoryPrefix: "Echo",
      roleName: "my role",
      rolePath: "echo",
      tags: { "aws:x": "y" },
      adopt: "yes",
      allowReplace: null,
      extra: true,
    };

    // Act
    const result = parseConfig(doc);

    // Assess
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    const paths = errors.map((e) => e.slice(0, e.indexOf(": ")));
    expect(new Set(paths)).toEqual(
      new Set([
        "version",
        "mode",
        "sourceRegistryAccountId",
        "sourceRegistryRegion",
        "repositoryPrefix",
        "roleName",
        "rolePath",
        "tags.aws:x",
        "adopt",
        "allowReplace",
        "extra",
      ]),
    );
    expect(errors).toEqual([...errors].sort());
  });
});

describe("parseConfig accepts values at the limits", () => {
  it.each([
    { reason: "49 user tags plus the ownership tag make IAM's 50", doc: { ...BASE, tags: manyTags(49) } },
    { reason: "a tag key may have 128 characters", doc: { ...BASE, tags: { ["k".repeat(128)]: "v" } } },
    { reason: "a tag value may have 256 characters", doc: { ...BASE, tags: { team: "v".repeat(256) } } },
    { reason: "a tag value may be empty", doc: { ...BASE, tags: { team: "" } } },
    {
      reason: "tag keys and values may use letters of any script and spaces",
      doc: { ...BASE, tags: { "équipe 1": "plateforme é" } },
    },
    { reason: "a role name may have 64 characters", doc: { ...BASE, roleName: "r".repeat(64) } },
    { reason: "a prefix may have 30 characters", doc: { ...BASE, repositoryPrefix: "a".repeat(30) } },
    { reason: "a prefix may have 2 characters", doc: { ...BASE, repositoryPrefix: "ab" } },
    { reason: "ROOT may be the cache prefix on its own", doc: { ...BASE, repositoryPrefix: "ROOT" } },
    {
      reason: "ROOT with the default upstream prefix spelled out is not an upstream prefix",
      doc: { ...BASE, repositoryPrefix: "ROOT", upstreamRepositoryPrefix: "ROOT" },
    },
    { reason: "a nested path is a path", doc: { ...BASE, rolePath: "/team/echo/" } },
    { reason: "newer commercial Regions match", doc: { ...BASE, sourceRegistryRegion: "mx-central-1" } },
    { reason: "two-digit Region numbers match", doc: { ...BASE, sourceRegistryRegion: "ap-southeast-10" } },
    // Whether pull-through cache is offered there is UNCONFIRMED: the component checks the partition instead.
    { reason: "China's Regions match", doc: { ...BASE, sourceRegistryRegion: "cn-northwest-1" } },
    { reason: "GovCloud's Regions match", doc: { ...BASE, sourceRegistryRegion: "us-gov-west-1" } },
  ])("accepts the document: $reason", ({ doc }) => {
    // Act
    const result = parseConfig(doc);

    // Assess
    expect(result).toEqual(expect.objectContaining({ ok: true }));
  });
});

describe("parseConfigText", () => {
  it("reports text that is not JSON at (root)", () => {
    // Prepare
    const text = '{"sourceRegistryAccountId": "123456789012",';

    // Act
    const result = parseConfigText(text);

    // Assess
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors).toEqual([expect.stringMatching(/^\(root\): not valid JSON/)]);
  });

  it("says where a syntax error is, by line and column", () => {
    // Act
    const result = parseConfigText('{\n  "version": 1,\n  "mode": "detect",\n}\n');

    // Assess
    expect(result.ok ? [] : result.errors).toEqual([
      "(root): not valid JSON at line 4, column 1: a trailing ',' before '}' is not allowed in JSON",
    ]);
  });

  it("accepts a document saved with a UTF-8 byte order mark, as the Lambda reads it from SSM", () => {
    // Prepare
    const doc = { version: 1, sourceRegistryAccountId: ACCOUNT };

    // Act
    const result = parseConfigText(`\uFEFF${JSON.stringify(doc)}`);

    // Assess
    expect(result).toEqual(parseConfig(doc));
  });

  it("validates JSON text like the parsed document", () => {
    // Prepare
    const doc = { sourceRegistryAccountId: ACCOUNT, mode: "detect" };

    // Act
    const result = parseConfigText(JSON.stringify(doc));

    // Assess
    expect(result).toEqual(parseConfig(doc));
    expect(result.ok && result.config.mode).toBe("detect");
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
