/**
 * ECR operations of the simulated account: pull-through cache rules and repository creation templates,
 * both per Region.
 */
import { operationsOf } from "../operation";
import * as rules from "./rules";
import * as templates from "./templates";

export {
  PULL_THROUGH_CACHE_PRINCIPAL,
  SERVICE_LINKED_ROLE_NAME,
  TEMPLATE_SERVICE_LINKED_ROLE_NAME,
} from "./serviceLinkedRole";
export { repositoryCreationFailure } from "./templates";

/** ECR operations by name. */
export const ECR_OPERATIONS = operationsOf(rules, templates);
