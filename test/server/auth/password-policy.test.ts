import { describe, expect, it } from "vitest";
import {
  checkPasswordPolicy,
  WeakPasswordError,
} from "../../../src/server/auth/password-policy.ts";

describe("checkPasswordPolicy(password, email)", () => {
  it("accepts a passphrase of 12 or more characters", () => {
    expect(() => checkPasswordPolicy("correct horse battery", "a@b.example")).not.toThrow();
    expect(() => checkPasswordPolicy("abcdefghijkl", "a@b.example")).not.toThrow();
  });

  it("counts characters, not UTF-16 units", () => {
    expect(() => checkPasswordPolicy("😀😀😀😀😀😀abcd", "a@b.example")).toThrow(
      "10 characters, at least 12",
    );
  });

  it("rejects short, huge, email-equal and repetitive passwords, naming the rule", () => {
    expect(() => checkPasswordPolicy("abcdefghijk", "a@b.example")).toThrow(WeakPasswordError);
    expect(() => checkPasswordPolicy("x".repeat(1025), "a@b.example")).toThrow("at most 1024");
    expect(() =>
      checkPasswordPolicy("Long.Name@District.example", "long.name@district.example"),
    ).toThrow("the password is the email address");
    expect(() => checkPasswordPolicy("abababababababab", "a@b.example")).toThrow(
      "fewer than 4 distinct",
    );
  });
});
