import * as z from "zod";
import { configInputSchema } from "./schema";

/** JSON Schema (draft 2020-12) of the document users write, for editors. */
export function configJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(configInputSchema, { io: "input", unrepresentable: "any" }),
    title: "Echo ECR pull-through cache reconciler config",
  };
}
