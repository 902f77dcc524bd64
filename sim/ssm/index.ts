/**
 * SSM Parameter Store operations of the simulated account (the reconciler's config and state parameters),
 * per Region.
 */
import { operationsOf } from "../operation";
import * as byPath from "./byPath";
import * as parameters from "./parameters";
import * as putParameter from "./putParameter";

/** SSM operations by name. */
export const SSM_OPERATIONS = operationsOf(parameters, putParameter, byPath);
