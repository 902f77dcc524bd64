import { readFileSync } from "node:fs";
import { join } from "node:path";
import { configJsonSchema } from "../../../common/config/jsonSchema";
import { configInputSchema } from "../../../common/config/schema";

const COMMITTED = join(__dirname, "..", "..", "..", "config.schema.json");

describe("config.schema.json", () => {
  it("is exactly what configJsonSchema() prints (regenerate with scripts/write-schema.ts)", () => {
    // Prepare
    const committed = readFileSync(COMMITTED, "utf8");

    // Act
    const generated = `${JSON.stringify(configJsonSchema(), null, 2)}\n`;

    // Assess
    expect(JSON.parse(committed)).toEqual(configJsonSchema());
    // Byte for byte too, so regenerating it never shows a whitespace-only diff.
    expect(committed).toBe(generated);
  });
});

describe("configJsonSchema", () => {
  const schema = configJsonSchema() as {
    $schema: string;
    type: string;
    additionalProperties: unknown;
    required: string[];
    properties: Record<string, { description?: string }>;
  };

  it("is a draft 2020-12 schema of a closed object", () => {
    // Assess
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.type).toBe("object");
    // Unknown keys are errors in parseConfig, so editors must flag them too.
    expect(schema.additionalProperties).toBe(false);
  });

  it("requires only sourceRegistryAccountId: everything else has a default", () => {
    // Assess
    expect(schema.required).toEqual(["sourceRegistryAccountId"]);
  });

  it("lists every field of the zod schema, each with a description", () => {
    // Prepare
    const fields = Object.keys(configInputSchema.shape).sort();

    // Assess
    expect(Object.keys(schema.properties).sort()).toEqual(fields);
    for (const field of fields) expect(schema.properties[field]?.description).toEqual(expect.any(String));
  });
});
