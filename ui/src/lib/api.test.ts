import { describe, expect, it } from "vitest";
import { diagnosticsOf, errorKind, errorMessage, isAppError } from "./api";

describe("the shell's errors, by kind", () => {
  it("tells the kinds apart, so the page can act on each", () => {
    const wrong = { kind: "wrong-passphrase", message: "That passphrase is not right." };
    const damaged = { kind: "damaged-file", message: "Your records file cannot be read.", path: "/home/a/records.db" };
    expect(errorKind(wrong)).toBe("wrong-passphrase");
    expect(errorKind(damaged)).toBe("damaged-file");
    expect(errorMessage(damaged)).toBe("Your records file cannot be read.");
    expect(isAppError(new Error("x"))).toBe(false);
    expect(errorKind(new Error("x"))).toBeNull();
    expect(errorMessage(new Error("x"))).toBe("x");
    expect(errorMessage("plain")).toBe("plain");
  });

  it("gives a refused pack's problems, and none for other errors", () => {
    const d = { file: "c.toml", line: 1, column: 2, rule: "unknown-outcome", message: "m", hint: "h" };
    expect(diagnosticsOf({ kind: "pack-invalid", message: "refused", diagnostics: [d] })).toEqual([d]);
    expect(diagnosticsOf({ kind: "settings", message: "no" })).toEqual([]);
  });
});
