import { type InferredConfig, type InferredConfigInput, parseConfig } from "../../../common/config/schema";
import type { Config, ConfigInput } from "../../../common/config/types";

/**
 * The config types are written by hand (the published declarations must not name zod's types); these checks
 * fail `npm run typecheck` the moment they stop being exactly what the schema infers.
 */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

const inputIsInferred: Equal<ConfigInput, InferredConfigInput> = true;
const configIsInferred: Equal<Config, InferredConfig> = true;

describe("the hand-written config types", () => {
  it("are the types zod infers from the schema (checked by tsc)", () => {
    expect([inputIsInferred, configIsInferred]).toEqual([true, true]);
  });

  it("describe every field a full document has, before and after defaults", () => {
    // Prepare: every field of the hand-written input type, so a field the type lacks fails to compile.
    const input: Required<ConfigInput> = {
      $schema: "./config.schema.json",
      version: 1,
      mode: "detect",
      sourceRegistryAccountId: "123456789012",
      sourceRegistryRegion: "eu-west-1",
      repositoryPrefix: "echo",
      upstreamRepositoryPrefix: "images",
      roleName: "r",
      rolePath: "/",
      tags: { team: "platform" },
      adopt: false,
      allowReplace: true,
      repositoryTemplate: { keepLastImages: 5 },
    };

    // Act
    const parsed = parseConfig(input);

    // Assess: the parsed config has exactly the keys of the hand-written Config type.
    const keys: Record<keyof Config, true> = {
      version: true,
      mode: true,
      sourceRegistryAccountId: true,
      sourceRegistryRegion: true,
      repositoryPrefix: true,
      upstreamRepositoryPrefix: true,
      roleName: true,
      rolePath: true,
      tags: true,
      adopt: true,
      allowReplace: true,
      repositoryTemplate: true,
    };
    expect(parsed.ok && Object.keys(parsed.config).sort()).toEqual(Object.keys(keys).sort());
  });
});
