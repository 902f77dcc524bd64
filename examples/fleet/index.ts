/**
 * Echo's cache in two member accounts, three Regions between them, from one program run with credentials of
 * the organization's management (or a delegated) account. Each cache is deployed on its own provider, which
 * assumes OrganizationAccountAccessRole in its account (or the target's roleArn). The monitoring account holds
 * the view: an OAM sink in each target Region, one dashboard, one fleet alarm per Region.
 */

import { EcrPullThroughCacheFleet } from "@buildecho/pulumi-onboarding-providers-ecr-pullthrough-cache";

const fleet = new EcrPullThroughCacheFleet("platform", {
  // The cache's arguments: every target's defaults.
  sourceRegistryAccountId: "123456789012",
  tags: { owner: "platform" },
  targets: [
    { accountId: "111111111111", regions: ["eu-west-1", "us-east-1"] },
    {
      accountId: "222222222222",
      regions: ["eu-west-1"],
      roleArn: "arn:aws:iam::222222222222:role/platform-deployer",
      mode: "detect", // a target's own args replace the fleet's
    },
  ],
  monitoringAccount: { accountId: "999999999999", region: "eu-west-1" },
});

/** Send this to Echo: the registry-policy statements for the whole fleet. */
export const echoGrant = fleet.echoGrant;
/** Per account×Region: status, role ECR assumes, config parameter, function. */
export const targets = fleet.targets;
export const summary = fleet.summary;
export const dashboard = fleet.dashboardName;
