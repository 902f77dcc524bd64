/**
 * The config document's types, written by hand so that the published declarations name no dependency's types
 * (a user's `tsc` without `esModuleInterop` or `skipLibCheck` must not have to read zod's). The schema in
 * `schema.ts` is the authority on values; test/common/config/types.test.ts proves these types equal the ones
 * zod infers from it, so the two cannot drift.
 */

/** `enforce` fixes drift, `detect` only reports it, `paused` does nothing (not even read AWS). */
export type Mode = "enforce" | "detect" | "paused";

/** Tag mutability of the repositories the cache creates. */
export type ImageTagMutability = "MUTABLE" | "IMMUTABLE";

/** Encryption of the repositories the cache creates. */
export type RepositoryEncryption = "AES256" | "KMS";

/** `repositoryTemplate` as written in the document: every field optional. */
export interface RepositoryTemplateInput {
  /** Default `MUTABLE`. */
  imageTagMutability?: ImageTagMutability;
  /** Expire untagged images this many days after push (1–3650). */
  expireUntaggedAfterDays?: number;
  /** Keep only this many most recent images (1–10000). */
  keepLastImages?: number;
  /** Default `AES256`; `KMS` needs `kmsKeyArn`. */
  encryption?: RepositoryEncryption;
  /** The KMS key of `encryption: "KMS"`. */
  kmsKeyArn?: string;
  /** Tags put on repositories the cache creates. Default none. */
  resourceTags?: Record<string, string>;
  /**
   * The role ECR assumes to create the repositories when the template uses KMS or resource tags (the
   * reconciler creates and owns it). Default `<repositoryPrefix>-pullthrough-template-role`.
   */
  roleName?: string;
}

/** `repositoryTemplate` with its defaults applied. */
export interface RepositoryTemplate {
  imageTagMutability: ImageTagMutability;
  expireUntaggedAfterDays?: number;
  keepLastImages?: number;
  encryption: RepositoryEncryption;
  kmsKeyArn?: string;
  resourceTags: Record<string, string>;
  roleName: string;
}

/** The config document (version 1) as it is written in the SSM parameter, before defaults. */
export interface ConfigInput {
  /** Editor hint; ignored by the reconciler. */
  $schema?: string;
  version?: 1;
  mode?: Mode;
  /** Echo's 12-digit AWS account id (the upstream registry). */
  sourceRegistryAccountId: string;
  sourceRegistryRegion?: string;
  repositoryPrefix?: string;
  upstreamRepositoryPrefix?: string;
  roleName?: string;
  rolePath?: string;
  tags?: Record<string, string>;
  adopt?: boolean;
  allowReplace?: boolean;
  repositoryTemplate?: RepositoryTemplateInput;
}

/** The config with every default applied: what the reconciler acts on. */
export interface Config {
  version: 1;
  mode: Mode;
  sourceRegistryAccountId: string;
  sourceRegistryRegion: string;
  repositoryPrefix: string;
  upstreamRepositoryPrefix: string;
  roleName: string;
  rolePath: string;
  tags: Record<string, string>;
  adopt: boolean;
  allowReplace: boolean;
  repositoryTemplate?: RepositoryTemplate;
}

/** What `parseConfig` gives: the config, or every problem as `path: message`, sorted. */
export type ParseResult = { ok: true; config: Config } | { ok: false; errors: string[] };
