import { INT, STR } from "./api-schemas.ts";

/** A school's students as its own district and school staff read them; the web app's `StudentRow` derives from it. */
export const STUDENT_LIST = {
  type: "object",
  required: ["school_code", "year", "students"],
  additionalProperties: false,
  properties: {
    school_code: { type: "string" },
    year: { type: "integer" },
    students: {
      type: "array",
      items: {
        type: "object",
        required: [
          "student_id",
          "grade",
          "race_ethnicity",
          "el_status",
          "sed",
          "swd",
          "days_enrolled",
          "days_absent",
          "chronically_absent",
          "suspended",
          "ela_level",
          "math_level",
          "ela_scale_score",
          "math_scale_score",
        ],
        additionalProperties: false,
        properties: {
          student_id: { type: "string" },
          grade: { type: "integer" },
          race_ethnicity: { type: "string" },
          el_status: { type: "string" },
          sed: { type: "boolean" },
          swd: { type: "boolean" },
          days_enrolled: { type: "integer" },
          days_absent: { type: "integer" },
          chronically_absent: { type: ["boolean", "null"] },
          suspended: { type: "boolean" },
          ela_level: INT,
          math_level: INT,
          ela_scale_score: INT,
          math_scale_score: INT,
          note: STR,
        },
      },
    },
  },
} as const;
