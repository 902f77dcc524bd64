/**
 * STS operations of the simulated account: who the SDK clients are signed in as.
 */
import type { GetCallerIdentityRequest, GetCallerIdentityResponse } from "@aws-sdk/client-sts";
import { op } from "./operation";

/** The session the simulated clients act as. */
export const CALLER_ROLE_NAME = "simulated-caller";
const SESSION_NAME = "simulated-session";

export const GetCallerIdentity = op<GetCallerIdentityRequest>(
  (context): GetCallerIdentityResponse => ({
    UserId: `AROASIMULATEDCALLER01:${SESSION_NAME}`,
    Account: context.accountId,
    Arn: `arn:aws:sts::${context.accountId}:assumed-role/${CALLER_ROLE_NAME}/${SESSION_NAME}`,
  }),
);
