import * as z from "zod/mini";
import { MAX_USER_TAGS, OWNER_TAG_KEY } from "../constants";
import { configInputSchema } from "./schema";

/**
 * JSON Schema (draft 2020-12) of the document users write, for editors. zod drops refinements when it
 * generates a schema, so the tag limits it can express are added here; `parseConfig` stays the authority.
 */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configInputSchema, { io: "input", unrepresentable: "any" }) as {
    properties: Record<string, Record<string, unknown>>;
  };
  const tags = schema.properties.tags ?? {};
  schema.properties.tags = {
    ...tags,
    maxProperties: MAX_USER_TAGS,
    propertyNames: {
      ...(tags.propertyNames as Record<string, unknown>),
      not: { anyOf: [{ pattern: "^[aA][wW][sS]:" }, { const: OWNER_TAG_KEY }] },
    },
  };
  return { ...schema, title: "Echo ECR pull-through cache reconciler config" };
}
