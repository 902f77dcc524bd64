/** A stateful in-memory AWS account for tests, the demo and the benchmark, answering real SDK v3 clients. */
export type { AttachOptions, SimulatableClients, SimulatedClientOptions, SimulatedClients } from "./attach";
export { attachSimulatedAccount, createSimulatedClients, SIMULATED_CREDENTIALS } from "./attach";
export { permissionsPolicy, trustPolicy } from "./documents";
export {
  PULL_THROUGH_CACHE_PRINCIPAL,
  repositoryCreationFailure,
  SERVICE_LINKED_ROLE_NAME,
  TEMPLATE_SERVICE_LINKED_ROLE_NAME,
} from "./ecr";
export { accessDenied, identityPolicyDenied, UnsupportedOperationError, unmodeledError } from "./errors";
export { serverError, throttlingError, timeoutError } from "./faults";
export { AWS_MANAGED_POLICIES } from "./iam";
export { seededRandom } from "./random";
export type { SimulatedAccountOptions } from "./SimulatedAccount";
export { SimulatedAccount } from "./SimulatedAccount";
export type { SimulatedWorldOptions, WorldCallRecord } from "./SimulatedWorld";
export { SimulatedWorld } from "./SimulatedWorld";
export type {
  AccountSnapshot,
  ParameterSnapshot,
  RoleSnapshot,
  RuleSnapshot,
  TemplateSnapshot,
} from "./snapshot";
export type {
  CallRecord,
  ClientCall,
  FaultOptions,
  LostResponse,
  NewlyAllowed,
  PropagatingCaller,
  Service,
} from "./types";
