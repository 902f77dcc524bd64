import { readFileSync } from "node:fs";
import { parseJsonText } from "../common/jsonText";
import { CliError } from "./local";

/** A JSON document read from a file or standard input, with what SSM would store of it. */
export interface JsonDocument {
  /** The file's name, or `<stdin>`. */
  readonly name: string;
  /** The text as read, byte order mark included: what `--value file://…` uploads. */
  readonly text: string;
  /** UTF-8 bytes of the text: what SSM's size limit counts. */
  readonly bytes: number;
  readonly json: unknown;
}

/** `-` names standard input. */
export const STDIN = "-";

/**
 * Reads a JSON document from a file or, for `-`, from standard input. Says which file and why when it cannot
 * be read, and where (`<file>:<line>:<column>`) when it is not JSON.
 *
 * @example
 * readDocument("config.json"); // { name: "config.json", text, bytes, json }
 */
export function readDocument(path: string, readStdin: () => Buffer = () => readFileSync(0)): JsonDocument {
  const name = path === STDIN ? "<stdin>" : path;
  let raw: Buffer;
  try {
    raw = path === STDIN ? readStdin() : readFileSync(path);
  } catch (e) {
    throw new CliError(`cannot read ${name}: ${(e as Error).message}`);
  }
  const text = raw.toString("utf8");
  const parsed = parseJsonText(text);
  if (!parsed.ok) throw new CliError(`${name}:${parsed.line}:${parsed.column}: not JSON: ${parsed.message}`);
  return { name, text, bytes: raw.length, json: parsed.value };
}
