import { describe, expect, it } from "vitest";
import {
  checkPasswordPolicy,
  emailNameParts,
  WeakPasswordError,
} from "../../src/accounts/password-policy.ts";

describe("checkPasswordPolicy(password, email)", () => {
  it("accepts a passphrase of 12 or more characters", () => {
    expect(() => checkPasswordPolicy("correct horse battery", "a@b.example")).not.toThrow();
    expect(() => checkPasswordPolicy("a fine long passphrase", "a@b.example")).not.toThrow();
    expect(() => checkPasswordPolicy("Tr0ub4dor&3xyz", "pat.smith@b.example")).not.toThrow();
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

  // Issue #15 point 8: both were accepted.
  it("rejects common passwords and their breached patterns, whatever their length", () => {
    for (const password of [
      "password1234",
      "123456789012",
      "P@ssw0rd2024!",
      "qwertyuiop12",
      "iloveyou2024",
      "letmein12345",
      "welcome12345",
      "hunter2hunter2",
      "abcdefghijkl",
      "1q2w3e4r5t6y",
    ]) {
      expect(() => checkPasswordPolicy(password, "a@b.example"), password).toThrow(
        /password rejected: too easy to guess \(about 10\^\d guesses, 10\^8 needed\)/,
      );
    }
  });

  it("rejects a password that contains the email's name, in any case or with other text", () => {
    for (const [password, email, part] of [
      ["Smith-District-2024!", "pat.smith@district.example", "smith"],
      ["my name is PAT, ok?!", "pat.smith@district.example", "pat"],
      ["jdoe-loves-this-school", "jdoe@school.example", "jdoe"],
      ["maria_garcia rocks 77", "maria_garcia@school.example", "maria_garcia"],
    ] as const) {
      expect(() => checkPasswordPolicy(password, email), password).toThrow(
        `the password contains the email's name "${part}"`,
      );
    }
  });

  it("never puts the password in the message", () => {
    try {
      checkPasswordPolicy("password1234", "a@b.example");
      expect.unreachable();
    } catch (error) {
      expect(String(error)).not.toContain("password1234");
    }
  });
});

describe("emailNameParts(email)", () => {
  it("gives the name before @, whole, without separators and split into its parts of 3+ letters", () => {
    expect(emailNameParts("Pat.Smith-2@District.example")).toEqual([
      "pat.smith-2",
      "patsmith2",
      "pat",
      "smith",
    ]);
    expect(emailNameParts("jo.li@x.example")).toEqual(["jo.li", "joli"]);
    expect(emailNameParts("a@b.example")).toEqual([]);
  });
});
