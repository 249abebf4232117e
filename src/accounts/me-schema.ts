import { STR } from "../results/api-schemas.ts";

/** Who is signed in (`GET /api/auth/me`); the web app's `Me` derives from it. */
export const ME = {
  type: "object",
  required: ["role", "userId"],
  additionalProperties: false,
  properties: {
    role: { type: "string" },
    userId: { type: ["integer", "null"] },
    email: STR,
    displayName: STR,
    districtCode: STR,
    schoolCode: STR,
    csrfToken: STR,
  },
} as const;
