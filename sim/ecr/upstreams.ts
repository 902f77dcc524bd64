/**
 * Which upstream registry a pull-through cache rule points at, and what that upstream needs.
 */
import type { UpstreamRegistry } from "@aws-sdk/client-ecr";
import { UnsupportedUpstreamRegistryException } from "@aws-sdk/client-ecr";
import { ECR } from "../constraints";
import { exceptionOptions } from "../errors";
import { invalid } from "./common";

/**
 * The upstream registry type each documented URL form implies (CreatePullThroughCacheRule's
 * `upstreamRegistryUrl` documentation lists one form per type).
 */
const URL_FORMS: readonly (readonly [RegExp, UpstreamRegistry])[] = [
  [/^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com$/, "ecr"],
  [/^public\.ecr\.aws$/, "ecr-public"],
  [/^quay\.io$/, "quay"],
  [/^registry\.k8s\.io$/, "k8s"],
  [/^registry-1\.docker\.io$/, "docker-hub"],
  [/^ghcr\.io$/, "github-container-registry"],
  [/^[a-z0-9-]+\.azurecr\.io$/, "azure-container-registry"],
  [/^registry\.gitlab\.com$/, "gitlab-container-registry"],
  [/^cgr\.dev$/, "chainguard"],
];

/** Upstreams that need a Secrets Manager secret (ECR User Guide, "Creating a pull through cache rule"). */
const NEEDS_CREDENTIAL: ReadonlySet<string> = new Set([
  "docker-hub",
  "github-container-registry",
  "azure-container-registry",
  "gitlab-container-registry",
]);

/** What a create request says about its upstream. */
export interface UpstreamRequest {
  readonly url: string;
  readonly upstreamRegistry?: string;
  readonly credentialArn?: string;
  readonly customRoleArn?: string;
}

/**
 * The upstream registry type of a create request: the one sent, or the one its URL implies. Throws
 * UnsupportedUpstreamRegistry for an unknown type or URL, InvalidParameter for a URL of another type or
 * a missing credential or role.
 */
export function upstreamRegistryOf(request: UpstreamRequest): UpstreamRegistry {
  const { url } = request;
  if (
    request.upstreamRegistry !== undefined &&
    !(ECR.upstreamRegistries as readonly string[]).includes(request.upstreamRegistry)
  ) {
    throw new UnsupportedUpstreamRegistryException(
      exceptionOptions(`The upstream registry '${request.upstreamRegistry}' is not supported.`, 400),
    );
  }
  const implied = URL_FORMS.find(([form]) => form.test(url))?.[1];
  const upstreamRegistry = (request.upstreamRegistry as UpstreamRegistry | undefined) ?? implied;
  if (upstreamRegistry === undefined) {
    throw new UnsupportedUpstreamRegistryException(
      exceptionOptions(`The upstream registry URL '${url}' is not supported.`, 400),
    );
  }
  if (implied !== upstreamRegistry) {
    throw invalid(
      `The upstreamRegistryUrl '${url}' is not a valid URL for upstreamRegistry '${upstreamRegistry}'.`,
    );
  }
  if (NEEDS_CREDENTIAL.has(upstreamRegistry) && request.credentialArn === undefined) {
    throw invalid(`A credentialArn is required for upstreamRegistry '${upstreamRegistry}'.`);
  }
  if (upstreamRegistry === "ecr" && request.customRoleArn === undefined) {
    throw invalid("A customRoleArn is required for an upstreamRegistry of 'ecr'.");
  }
  return upstreamRegistry;
}
