/**
 * JSON text as people write it: a UTF-8 byte order mark (which some Windows editors add) is accepted, and a
 * syntax error says where it is, by line and column, whatever the Node version's own message says.
 */

export type JsonTextResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly line: number; readonly column: number; readonly message: string };

const BOM = "\uFEFF";

/** The text without a leading byte order mark. */
export function withoutBom(text: string): string {
  return text.startsWith(BOM) ? text.slice(BOM.length) : text;
}

class Syntax extends Error {
  constructor(
    readonly at: number,
    message: string,
  ) {
    super(message);
  }
}

/** A recursive-descent reader of RFC 8259 JSON that only finds the first error; JSON.parse builds the value. */
class Locator {
  private i = 0;

  constructor(private readonly s: string) {}

  document(): void {
    this.value();
    this.space();
    if (this.i < this.s.length) this.fail(`unexpected ${this.shown()} after the end of the document`);
  }

  private fail(message: string): never {
    throw new Syntax(this.i, message);
  }

  private shown(): string {
    return this.i >= this.s.length ? "end of input" : JSON.stringify(this.s[this.i]);
  }

  private space(): void {
    while (/[ \t\n\r]/.test(this.s[this.i] ?? "")) this.i++;
  }

  private expect(char: string, what: string): void {
    this.space();
    if (this.s[this.i] !== char) this.fail(`expected ${what}, found ${this.shown()}`);
    this.i++;
  }

  private value(): void {
    this.space();
    const c = this.s[this.i];
    if (c === "{") this.members("}", () => this.member());
    else if (c === "[") this.members("]", () => this.value());
    else if (c === '"') this.string();
    else {
      const literal = /^(true|false|null|-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?)/.exec(this.s.slice(this.i));
      if (!literal) this.fail(`expected a value, found ${this.shown()}`);
      this.i += literal[0].length;
    }
  }

  /** `{ member, … }` or `[ value, … ]`: no trailing comma. */
  private members(close: string, item: () => void): void {
    this.i++;
    this.space();
    if (this.s[this.i] === close) {
      this.i++;
      return;
    }
    for (;;) {
      item();
      this.space();
      if (this.s[this.i] === close) {
        this.i++;
        return;
      }
      this.expect(",", `',' or '${close}'`);
      this.space();
      if (this.s[this.i] === close) this.fail(`a trailing ',' before '${close}' is not allowed in JSON`);
    }
  }

  private member(): void {
    this.space();
    if (this.s[this.i] !== '"') this.fail(`expected a property name in double quotes, found ${this.shown()}`);
    this.string();
    this.expect(":", "':'");
    this.value();
  }

  private string(): void {
    this.i++;
    for (;;) {
      const c = this.s[this.i];
      if (c === undefined) this.fail("unterminated string");
      if (c === '"') break;
      if (c < " ") this.fail("a control character (such as a line break) inside a string must be escaped");
      if (c === "\\" && !/^\\(["\\/bfnrt]|u[0-9a-fA-F]{4})/.test(this.s.slice(this.i, this.i + 6)))
        this.fail("invalid escape in a string");
      this.i += c === "\\" ? (this.s[this.i + 1] === "u" ? 6 : 2) : 1;
    }
    this.i++;
  }
}

/** 1-based line and column (in characters) of an offset. */
function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lines = before.split("\n");
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

/**
 * Parses JSON text, a leading byte order mark allowed. A syntax error comes back with its 1-based line and
 * column and a message that names what was expected.
 *
 * @example
 * parseJsonText('{"a": 1,}'); // { ok: false, line: 1, column: 9, message: "a trailing ',' before '}' is not allowed in JSON" }
 */
export function parseJsonText(text: string): JsonTextResult {
  const s = withoutBom(text);
  try {
    return { ok: true, value: JSON.parse(s) };
  } catch (e) {
    try {
      new Locator(s).document();
    } catch (found) {
      if (found instanceof Syntax) return { ok: false, ...position(s, found.at), message: found.message };
    }
    return { ok: false, line: 1, column: 1, message: (e as Error).message };
  }
}
