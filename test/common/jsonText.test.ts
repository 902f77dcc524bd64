import { parseJsonText, withoutBom } from "../../common/jsonText";

describe("parseJsonText", () => {
  it.each([
    {
      reason: "a trailing comma in an object",
      text: '{"a": 1,}',
      line: 1,
      column: 9,
      message: /trailing ','/,
    },
    {
      reason: "a trailing comma in an array",
      text: "[1,\n 2,\n]",
      line: 3,
      column: 1,
      message: /trailing ','/,
    },
    {
      reason: "a missing comma between members",
      text: '{\n  "a": 1\n  "b": 2\n}',
      line: 3,
      column: 3,
      message: /expected ',' or '}'/,
    },
    {
      reason: "a property name without quotes",
      text: "{\n  version: 1\n}",
      line: 2,
      column: 3,
      message: /property name in double quotes/,
    },
    {
      reason: "single quotes",
      text: "{'a': 1}",
      line: 1,
      column: 2,
      message: /property name in double quotes/,
    },
    { reason: "YAML instead of JSON", text: "version: 1\n", line: 1, column: 1, message: /expected a value/ },
    {
      reason: "a document cut short",
      text: '{"a": [1, 2',
      line: 1,
      column: 12,
      message: /expected ',' or '\]', found end of input/,
    },
    {
      reason: "an unterminated string",
      text: '{"a": "b}',
      line: 1,
      column: 10,
      message: /unterminated string/,
    },
    {
      reason: "a line break inside a string",
      text: '{"a": "b\nc"}',
      line: 1,
      column: 9,
      message: /control character/,
    },
    { reason: "an invalid escape", text: '{"a": "\\x"}', line: 1, column: 8, message: /invalid escape/ },
    { reason: "a comment", text: '{"a": 1 // one\n}', line: 1, column: 9, message: /expected ',' or '}'/ },
    {
      reason: "a second document after the first",
      text: "{}\n{}",
      line: 2,
      column: 1,
      message: /after the end of the document/,
    },
    { reason: "a leading zero", text: "[01]", line: 1, column: 3, message: /expected ',' or '\]'/ },
  ])("locates $reason", ({ text, line, column, message }) => {
    // Act
    const result = parseJsonText(text);

    // Assess
    expect(result).toEqual({ ok: false, line, column, message: expect.stringMatching(message) });
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
  });

  it.each([
    {
      reason: "an object with nested values and escapes",
      text: '{"a": [1, -2.5e3, true, null], "b": "\\u00e9\\n"}',
    },
    { reason: "a byte order mark before the document", text: '\uFEFF{"version": 1}' },
    { reason: "surrounding white space", text: '\n\t {"a": {}} \r\n' },
  ])("parses $reason as JSON.parse does", ({ text }) => {
    // Act
    const result = parseJsonText(text);

    // Assess
    expect(result).toEqual({ ok: true, value: JSON.parse(withoutBom(text)) });
  });

  it("counts a byte order mark as no column", () => {
    // Act
    const result = parseJsonText('\uFEFF{"a" 1}');

    // Assess
    expect(result).toEqual(expect.objectContaining({ ok: false, line: 1, column: 6 }));
  });
});
