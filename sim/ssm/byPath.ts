/**
 * GetParametersByPath: the parameters under one level of a hierarchy (botocore ssm model,
 * GetParametersByPath; SSM user guide, "Working with parameter hierarchies").
 */
import type { GetParametersByPathRequest, GetParametersByPathResult } from "@aws-sdk/client-ssm";
import { InvalidNextToken } from "@aws-sdk/client-ssm";
import { exceptionOptions, ssmValidationError, UnsupportedOperationError } from "../errors";
import { op } from "../operation";
import { decodeToken, paginate, sortBy } from "../paging";
import { checkName } from "./names";
import { parameterOutput } from "./parameters";

/** The model's MaxResults range; AWS's default page size is the maximum. */
const MAX_RESULTS = 10;

/**
 * Parameters below `Path`: its direct children, or every level with `Recursive`. Pages hold at most
 * `MaxResults` (1–10, default 10), sorted by name here; AWS documents no order and may return fewer, so a
 * caller must follow `NextToken`.
 */
export const GetParametersByPath = op<GetParametersByPathRequest>(
  (context, input): GetParametersByPathResult => {
    const path = checkName(input.Path, "path");
    if (!path.startsWith("/"))
      throw ssmValidationError(
        'The parameter doesn\'t meet the parameter name requirements. The parameter name must begin with a forward slash "/".',
      );
    if (input.ParameterFilters !== undefined)
      throw new UnsupportedOperationError("ssm", "GetParametersByPath with ParameterFilters");
    const limit = input.MaxResults ?? MAX_RESULTS;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_RESULTS) {
      throw ssmValidationError(
        `1 validation error detected: Value '${limit}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to ${MAX_RESULTS}`,
      );
    }
    const base = path === "/" ? "/" : `${path.replace(/\/$/, "")}/`;
    const below = [...context.state.parameters.values()].filter((p) => {
      if (!p.name.startsWith(base) || p.name === base) return false;
      return input.Recursive === true || !p.name.slice(base.length).includes("/");
    });
    const after = input.NextToken === undefined ? undefined : decodeToken(input.NextToken);
    if (input.NextToken !== undefined && after === undefined) {
      throw new InvalidNextToken(exceptionOptions("The specified token isn't valid.", 400));
    }
    const page = paginate(
      sortBy(below, (p) => p.name),
      (p) => p.name,
      after,
      limit,
    );
    return {
      Parameters: page.items.map((p) => parameterOutput(context, p, input.WithDecryption === true)),
      ...(page.next ? { NextToken: page.next } : {}),
    };
  },
);
