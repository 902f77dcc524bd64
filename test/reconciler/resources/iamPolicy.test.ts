import fc from "fast-check";
import {
  decodePolicy,
  normalisePolicy,
  PolicyDocumentError,
  policiesEqual,
} from "../../../reconciler/resources/iamPolicy";
import { trustPolicy } from "../../../reconciler/resources/role/desired";

const RUNS = { numRuns: 200 };

type Json = Record<string, unknown>;

/** A statement in one fixed canonical shape; the re-encodings below produce the other shapes IAM accepts. */
interface Statement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Action: string[];
  Resource?: string[];
  Principal?: Record<string, string[]>;
  Condition?: Record<string, Record<string, string[]>>;
}

interface Policy {
  Version: "2012-10-17";
  Statement: Statement[];
}

// Realistic values. The mutations below use values outside these pools, so an "added" value is always new.
const ACTIONS = [
  "ecr:GetAuthorizationToken",
  "ecr:BatchGetImage",
  "ecr:GetDownloadUrlForLayer",
  "ecr:GetImageCopyStatus",
  "ecr:BatchImportUpstreamImage",
  "ecr:InitiateLayerUpload",
  "ecr:UploadLayerPart",
  "ecr:CompleteLayerUpload",
  "ecr:PutImage",
  "sts:AssumeRole",
  "s3:GetObject",
  "s3:ListBucket",
  "logs:PutLogEvents",
  "ecr:*",
];
const ACCOUNTS = ["123456789012", "111122223333", "444455556666"];
const REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2"];
const SERVICES = ["pullthroughcache.ecr.amazonaws.com", "lambda.amazonaws.com", "ecs-tasks.amazonaws.com"];

const account = fc.constantFrom(...ACCOUNTS);
const resource = fc.oneof(
  fc.constant("*"),
  fc
    .tuple(fc.constantFrom(...REGIONS), account, fc.constantFrom("echo", "team/a", "hardened"))
    .map(([r, a, p]) => `arn:aws:ecr:${r}:${a}:repository/${p}/*`),
  fc.tuple(fc.constantFrom(...REGIONS), account).map(([r, a]) => `arn:aws:ecr:${r}:${a}:repository/*`),
  fc.constantFrom("arn:aws:s3:::echo-artifacts", "arn:aws:s3:::echo-artifacts/*"),
);
const principal = fc
  .record(
    {
      Service: fc.uniqueArray(fc.constantFrom(...SERVICES), { minLength: 1, maxLength: 2 }),
      AWS: fc.uniqueArray(
        account.map((a) => `arn:aws:iam::${a}:root`),
        { minLength: 1, maxLength: 2 },
      ),
    },
    { requiredKeys: [] },
  )
  .filter((p) => Object.keys(p).length > 0);
const condition = fc
  .record(
    {
      StringEquals: fc.record({
        "aws:SourceAccount": fc.uniqueArray(account, { minLength: 1, maxLength: 2 }),
      }),
      ArnLike: fc.record({
        "aws:SourceArn": fc.uniqueArray(
          fc.constantFrom(...REGIONS).map((r) => `arn:aws:ecr:${r}:123456789012:*`),
          { minLength: 1, maxLength: 2 },
        ),
      }),
    },
    { requiredKeys: [] },
  )
  .filter((c) => Object.keys(c).length > 0);

const statement: fc.Arbitrary<Statement> = fc
  .record(
    {
      Sid: fc.stringMatching(/^[A-Za-z0-9]{1,12}$/),
      Effect: fc.constantFrom("Allow" as const, "Deny" as const),
      // Unique ignoring case: IAM action names are case-insensitive, so "s3:getobject" would be a duplicate.
      Action: fc.uniqueArray(fc.constantFrom(...ACTIONS), {
        minLength: 1,
        maxLength: 4,
        selector: (a) => a.toLowerCase(),
      }),
      Resource: fc.uniqueArray(resource, { minLength: 1, maxLength: 3 }),
      Principal: principal,
      Condition: condition,
    },
    { requiredKeys: ["Effect", "Action"] },
  )
  // A statement is either a trust statement (Principal) or a permission statement (Resource).
  .filter((s) => (s.Principal === undefined) !== (s.Resource === undefined));

const policy: fc.Arbitrary<Policy> = fc
  .array(statement, { minLength: 1, maxLength: 4 })
  .map((Statement) => ({ Version: "2012-10-17", Statement }));

type Gen = fc.GeneratorValue;

const clone = <T>(v: T): T => structuredClone(v);

function shuffle<T>(g: Gen, items: readonly T[]): T[] {
  return g(fc.shuffledSubarray, [...items], { minLength: items.length, maxLength: items.length });
}

/** Rebuilds an object with its keys in a random order. */
function shuffleKeys(g: Gen, o: Json): Json {
  return Object.fromEntries(shuffle(g, Object.entries(o)));
}

/** A one-element list may be written as its only element. */
function stringOrArray(g: Gen, values: readonly string[]): string | string[] {
  return values.length === 1 && g(fc.boolean) ? (values[0] as string) : shuffle(g, values);
}

function changeCase(g: Gen, action: string): string {
  const style = g(fc.constantFrom, "upper", "lower", "same", "mixed");
  if (style === "upper") return action.toUpperCase();
  if (style === "lower") return action.toLowerCase();
  if (style === "mixed")
    return [...action].map((c, i) => (i % 2 ? c.toUpperCase() : c.toLowerCase())).join("");
  return action;
}

/** Values IAM accepts as a string or a list, as a list. */
const list = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);
const statementsOf = (p: Json): Json[] => list(p.Statement as Json | Json[]);
const mapValues = (o: unknown, f: (v: unknown) => unknown): Json =>
  Object.fromEntries(Object.entries(o as Json).map(([k, v]) => [k, f(v)]));

/**
 * Each re-encoding IAM (or a person) may apply without changing what a policy grants. Each accepts the output
 * of the others, so they can be chained in any order.
 */
const REENCODINGS: Record<string, (g: Gen, p: Json) => Json> = {
  "key reordering": (g, p) =>
    shuffleKeys(g, {
      ...p,
      Statement: statementsOf(p).map((s) =>
        shuffleKeys(g, {
          ...s,
          ...(s.Principal ? { Principal: shuffleKeys(g, s.Principal as Json) } : {}),
          ...(s.Condition
            ? {
                Condition: shuffleKeys(
                  g,
                  mapValues(s.Condition, (b) => shuffleKeys(g, b as Json)),
                ),
              }
            : {}),
        }),
      ),
    }),
  "statement reordering": (g, p) => ({ ...p, Statement: shuffle(g, statementsOf(p)) }),
  "string or array and value order": (g, p) => ({
    ...p,
    Statement: statementsOf(p).map((s) => ({
      ...s,
      Action: stringOrArray(g, list(s.Action as string | string[])),
      ...(s.Resource ? { Resource: stringOrArray(g, list(s.Resource as string | string[])) } : {}),
      ...(s.Principal
        ? { Principal: mapValues(s.Principal, (v) => stringOrArray(g, list(v as string))) }
        : {}),
      ...(s.Condition
        ? {
            Condition: mapValues(s.Condition, (b) =>
              mapValues(b, (v) => stringOrArray(g, list(v as string))),
            ),
          }
        : {}),
    })),
  }),
  "action case": (g, p) => ({
    ...p,
    Statement: statementsOf(p).map((s) => ({
      ...s,
      Action: Array.isArray(s.Action)
        ? s.Action.map((a: string) => changeCase(g, a))
        : changeCase(g, s.Action as string),
    })),
  }),
  "duplicate statements": (g, p) => {
    const statements = statementsOf(p);
    const copies = g(fc.subarray, statements, { minLength: 1 });
    return { ...p, Statement: [...statements, ...copies.map(clone)] };
  },
  "Sid added, changed or removed": (g, p) => ({
    ...p,
    Statement: statementsOf(p).map(({ Sid: _sid, ...s }) =>
      g(fc.boolean) ? { Sid: g(fc.stringMatching, /^[A-Za-z0-9]{1,12}$/), ...s } : s,
    ),
  }),
  "a single statement written as an object": (_g, p) => {
    const statements = statementsOf(p);
    return statements.length === 1 ? { ...p, Statement: statements[0] } : p;
  },
};

/** The text forms a document may arrive in. */
const SERIALISATIONS: Record<string, (g: Gen, p: Json) => Json | string> = {
  object: (_g, p) => p,
  "compact JSON": (_g, p) => JSON.stringify(p),
  "pretty-printed JSON": (g, p) =>
    `${g(fc.constantFrom, "", " ", "\n  ")}${JSON.stringify(p, null, g(fc.constantFrom, 1, 2, 4, "\t"))}\n`,
  "URL-encoded JSON (as GetRole and GetRolePolicy return it)": (_g, p) =>
    encodeURIComponent(JSON.stringify(p)),
  "URL-encoded pretty-printed JSON": (_g, p) => encodeURIComponent(JSON.stringify(p, null, 2)),
};

/** Applies a random subset of the re-encodings in a random order, then a random serialisation. */
function reencode(g: Gen, p: Policy): Json | string {
  let doc = clone(p) as unknown as Json;
  for (const name of g(fc.shuffledSubarray, Object.keys(REENCODINGS))) {
    doc = (REENCODINGS[name] as (g: Gen, p: Json) => Json)(g, doc);
  }
  const serialise = SERIALISATIONS[g(fc.constantFrom, ...Object.keys(SERIALISATIONS))] as (
    g: Gen,
    p: Json,
  ) => Json | string;
  return serialise(g, doc);
}

describe("policiesEqual ignores re-encodings", () => {
  const each: Record<string, (g: Gen, p: Json) => Json | string> = { ...REENCODINGS, ...SERIALISATIONS };

  it.each(Object.keys(each))("treats a policy after %s as equal to the original", (name) => {
    fc.assert(
      fc.property(policy, fc.gen(), (original, g) => {
        // Prepare
        const reencoded = (each[name] as (g: Gen, p: Json) => Json | string)(
          g,
          clone(original) as unknown as Json,
        );

        // Act
        const equal = policiesEqual(reencoded, original as unknown as Json);

        // Assess
        expect(equal).toBe(true);
      }),
      RUNS,
    );
  });

  it("treats a policy after any combination of re-encodings as equal to the original", () => {
    fc.assert(
      fc.property(policy, fc.gen(), (original, g) => {
        // Prepare
        const reencoded = reencode(g, original);

        // Act
        const equal = policiesEqual(reencoded, original as unknown as Json);

        // Assess
        expect(equal).toBe(true);
      }),
      RUNS,
    );
  });
});

/** Changes that grant something else. Each returns undefined when it does not apply to the picked statement. */
const MUTATIONS: Record<string, (s: Statement) => Statement | undefined> = {
  "an added Condition": (s) => ({
    ...s,
    // Bool is not in the generated conditions, so this always adds a new condition block.
    Condition: { ...s.Condition, Bool: { "aws:SecureTransport": ["true"] } },
  }),
  "an added principal": (s) => ({
    ...s,
    Principal: { ...s.Principal, AWS: [...(s.Principal?.AWS ?? []), "arn:aws:iam::999999999999:root"] },
  }),
  "a changed Effect": (s) => ({ ...s, Effect: s.Effect === "Allow" ? "Deny" : "Allow" }),
  "an added action": (s) => ({ ...s, Action: [...s.Action, "iam:PassRole"] }),
  "a removed action": (s) => (s.Action.length < 2 ? undefined : { ...s, Action: s.Action.slice(1) }),
  "an added resource": (s) => ({ ...s, Resource: [...(s.Resource ?? []), "arn:aws:s3:::another-bucket/*"] }),
  "a removed resource": (s) =>
    s.Resource === undefined || s.Resource.length < 2 ? undefined : { ...s, Resource: s.Resource.slice(1) },
};

describe("policiesEqual sees real changes", () => {
  it.each(Object.keys(MUTATIONS))("treats a policy with %s as unequal, however it is encoded", (name) => {
    fc.assert(
      fc.property(policy, fc.nat(), fc.gen(), (original, pick, g) => {
        // Prepare
        const index = pick % original.Statement.length;
        const mutated = (MUTATIONS[name] as (s: Statement) => Statement | undefined)(
          clone(original.Statement[index] as Statement),
        );
        fc.pre(mutated !== undefined);
        const changed: Policy = {
          ...original,
          Statement: original.Statement.map((s, i) => (i === index ? (mutated as Statement) : s)),
        };

        // Act
        const equal = policiesEqual(reencode(g, changed), original as unknown as Json);

        // Assess
        expect(equal).toBe(false);
      }),
      RUNS,
    );
  });
});

describe("policiesEqual on concrete documents", () => {
  /** The trust policy as GetRole returns it: keys in IAM's order, URL-encoded, Action as a one-element array. */
  const TRUST_AS_IAM_RETURNS_IT =
    "%7B%22Statement%22%3A%5B%7B%22Principal%22%3A%7B%22Service%22%3A%5B%22pullthroughcache.ecr.amazonaws.com%22%5D%7D%2C%22Action%22%3A%5B%22sts%3AAssumeRole%22%5D%2C%22Effect%22%3A%22Allow%22%7D%5D%2C%22Version%22%3A%222012-10-17%22%7D";

  it("treats the URL-encoded, reordered trust policy IAM returns as equal to trustPolicy()", () => {
    // Prepare
    const desired = trustPolicy();

    // Act
    const equal = policiesEqual(TRUST_AS_IAM_RETURNS_IT, desired);

    // Assess
    expect(equal).toBe(true);
  });

  it.each([
    {
      reason: "a Condition narrows who may assume the role",
      statement: {
        Effect: "Allow",
        Principal: { Service: "pullthroughcache.ecr.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": "111122223333" } },
      },
    },
    {
      reason: "a second principal lets someone else assume the role",
      statement: {
        Effect: "Allow",
        Principal: { Service: "pullthroughcache.ecr.amazonaws.com", AWS: "arn:aws:iam::999999999999:root" },
        Action: "sts:AssumeRole",
      },
    },
    {
      reason: "a second service is a second principal",
      statement: {
        Effect: "Allow",
        Principal: { Service: ["pullthroughcache.ecr.amazonaws.com", "lambda.amazonaws.com"] },
        Action: "sts:AssumeRole",
      },
    },
  ])("treats a trust policy as changed when $reason", ({ statement }) => {
    // Prepare
    const edited = { Version: "2012-10-17", Statement: [statement] };

    // Act
    const equal = policiesEqual(encodeURIComponent(JSON.stringify(edited)), trustPolicy());

    // Assess
    expect(equal).toBe(false);
  });

  it.each([
    {
      reason: '"*" and {"AWS": "*"} both mean everyone',
      a: {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "*" }],
      },
      b: {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "s3:GetObject", Resource: "*" }],
      },
      equal: true,
    },
    {
      reason: 'IAM reads a missing Version as "2008-10-17"',
      a: { Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] },
      b: { Version: "2008-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] },
      equal: true,
    },
    {
      reason: "a missing Version is not 2012-10-17 (policy variables differ)",
      a: { Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] },
      b: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] },
      equal: false,
    },
    {
      reason: "resource ARNs are case-sensitive",
      a: {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::Echo/*" }],
      },
      b: {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::echo/*" }],
      },
      equal: false,
    },
    {
      reason: "NotAction grants the opposite of Action",
      a: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] },
      b: {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", NotAction: "s3:GetObject", Resource: "*" }],
      },
      equal: false,
    },
  ])("returns $equal: $reason", ({ a, b, equal }) => {
    // Act
    const result = policiesEqual(a, b);

    // Assess
    expect(result).toBe(equal);
  });
});

describe("decodePolicy", () => {
  it.each([
    { reason: "URL-encoded JSON is decoded", doc: "%7B%22Version%22%3A%222012-10-17%22%7D" },
    { reason: "plain JSON text is parsed", doc: '{"Version":"2012-10-17"}' },
    { reason: "JSON with leading whitespace is parsed as is", doc: '\n  {"Version": "2012-10-17"}' },
    { reason: "an object is returned as is", doc: { Version: "2012-10-17" } },
  ])("reads a document: $reason", ({ doc }) => {
    // Act
    const decoded = decodePolicy(doc);

    // Assess
    expect(decoded).toEqual({ Version: "2012-10-17" });
  });

  it("keeps a '%' inside plain JSON text (it is not URL-encoded)", () => {
    // Prepare
    const doc =
      '{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/100%25"}]}';

    // Act
    const decoded = decodePolicy(doc);

    // Assess
    expect(decoded).toEqual({
      Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/100%25" }],
    });
  });

  it.each([
    { reason: "text that is not JSON", doc: "not a policy" },
    { reason: "URL-encoded text that is not JSON", doc: "%7B%22Version%22" },
    { reason: "a broken percent-escape", doc: "%E0%A4%A" },
    { reason: "JSON that is an array, not an object", doc: "[1,2]" },
    { reason: "JSON null", doc: "null" },
    { reason: "an empty string", doc: "" },
  ])("throws PolicyDocumentError for $reason", ({ doc }) => {
    // Act
    const act = () => decodePolicy(doc);

    // Assess
    expect(act).toThrow(PolicyDocumentError);
  });

  it("keeps the parser's error as the cause", () => {
    // Act
    let thrown: unknown;
    try {
      decodePolicy("not a policy");
    } catch (e) {
      thrown = e;
    }

    // Assess
    expect(thrown).toBeInstanceOf(PolicyDocumentError);
    expect((thrown as Error).cause).toBeInstanceOf(SyntaxError);
  });
});

describe("normalisePolicy", () => {
  it("produces the same canonical document for every encoding of the trust policy", () => {
    // Prepare
    const desired = trustPolicy();

    // Act
    const fromIam = normalisePolicy(
      "%7B%22Statement%22%3A%5B%7B%22Principal%22%3A%7B%22Service%22%3A%5B%22pullthroughcache.ecr.amazonaws.com%22%5D%7D%2C%22Action%22%3A%5B%22sts%3AAssumeRole%22%5D%2C%22Effect%22%3A%22Allow%22%7D%5D%2C%22Version%22%3A%222012-10-17%22%7D",
    );

    // Assess
    expect(fromIam).toEqual(normalisePolicy(desired));
    expect(JSON.stringify(fromIam)).toBe(
      '{"Statement":[{"Action":["sts:assumerole"],"Effect":"Allow","Principal":{"Service":["pullthroughcache.ecr.amazonaws.com"]}}],"Version":"2012-10-17"}',
    );
  });
});
