/**
 * IAM role tags: TagRole, UntagRole, ListRoleTags, and the tag-list checks CreateRole shares.
 *
 * Role tag keys are not case sensitive but keep the case sent: a key differing only in case replaces the
 * tag, key spelling included (IAM User Guide, "Tagging IAM resources", case sensitivity; the spelling rule
 * as observed on AWS in aws-cdk#26253). Two such keys in one request are InvalidInput.
 */
import type {
  ListRoleTagsRequest,
  ListRoleTagsResponse,
  Tag,
  TagRoleRequest,
  UntagRoleRequest,
} from "@aws-sdk/client-iam";
import { InvalidInputException, LimitExceededException } from "@aws-sdk/client-iam";
import { IAM, IAM_QUOTAS } from "../constraints";
import { exceptionOptions, iamValidationError } from "../errors";
import { op } from "../operation";
import type { RoleState, TagPair } from "../types";
import { check, listPage, requireRole } from "./common";

/** Checks the length of a list member against the 50 entries one request may carry (`tagListType`). */
function checkRequestList(member: string, list: unknown): unknown[] {
  if (!Array.isArray(list)) throw iamValidationError(member, list, "Member must not be null");
  if (list.length > IAM.maxTagsPerRequest) {
    throw iamValidationError(
      member,
      "[...]",
      `Member must have length less than or equal to ${IAM.maxTagsPerRequest}`,
    );
  }
  return list;
}

/** Validates the tag list of one request; returns it keyed by lower-cased key. */
export function checkTags(tags: unknown): Map<string, TagPair> {
  const byKey = new Map<string, TagPair>();
  checkRequestList("tags", tags).forEach((entry, index) => {
    const tag = (entry ?? {}) as Tag;
    check(`tags.${index + 1}.member.key`, tag.Key, IAM.tagKey);
    check(`tags.${index + 1}.member.value`, tag.Value, IAM.tagValue);
    const key = (tag.Key as string).toLowerCase();
    if (key.startsWith("aws:")) {
      throw new InvalidInputException(
        exceptionOptions("Tag keys starting with 'aws:' are reserved for AWS use.", 400),
      );
    }
    if (byKey.has(key)) {
      throw new InvalidInputException(
        exceptionOptions("Duplicate tag keys found. Please note that Tag keys are case insensitive.", 400),
      );
    }
    byKey.set(key, { Key: tag.Key as string, Value: tag.Value as string });
  });
  return byKey;
}

/** The role's tags as IAM returns them (copies). */
export function tagsOf(role: RoleState): Tag[] {
  return [...role.tags.values()].map((tag) => ({ ...tag }));
}

export const TagRole = op<TagRoleRequest>((context, input) => {
  const role = requireRole(context.state, input.RoleName);
  const tags = checkTags(input.Tags);
  const merged = new Map(role.tags);
  for (const [key, tag] of tags) merged.set(key, tag);
  if (merged.size > IAM_QUOTAS.tagsPerRole) {
    throw new LimitExceededException(
      exceptionOptions(`The number of tags has reached the maximum limit of ${IAM_QUOTAS.tagsPerRole}.`, 409),
    );
  }
  // Keys differing only in case name the same tag: the new key's spelling replaces the old one.
  for (const [key, tag] of tags) role.tags.set(key, tag);
  return {};
});

export const UntagRole = op<UntagRoleRequest>((context, input) => {
  const role = requireRole(context.state, input.RoleName);
  const keys = checkRequestList("tagKeys", input.TagKeys);
  keys.forEach((key, index) => {
    check(`tagKeys.${index + 1}.member`, key, IAM.tagKey);
  });
  // Removing a key the role does not have is not an error.
  for (const key of keys as string[]) role.tags.delete(key.toLowerCase());
  return {};
});

export const ListRoleTags = op<ListRoleTagsRequest>((context, input): ListRoleTagsResponse => {
  const role = requireRole(context.state, input.RoleName);
  const { items, ...truncated } = listPage(tagsOf(role), (tag) => (tag.Key ?? "").toLowerCase(), input);
  return { Tags: items, ...truncated };
});
