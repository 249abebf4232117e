import { SCHOOL_LEVELS, YES_NO } from "../codes.ts";
import { CDS_PATTERN, DISTRICT_PATTERN, type TableSpec } from "./table-spec.ts";

/** schools.csv: every school the district operated during the year. */
export const schoolsTable: TableSpec = {
  table: "schools",
  file: "schools.csv",
  description: "One row per school operated by the district during the school year.",
  optional: false,
  key: ["school_code"],
  columns: [
    {
      name: "school_code",
      type: "text",
      required: true,
      pattern: CDS_PATTERN,
      description: "14-digit CDS code (county 2, district 5, school 7 digits).",
    },
    { name: "school_name", type: "text", required: true, description: "Official school name." },
    {
      name: "district_code",
      type: "text",
      required: true,
      pattern: DISTRICT_PATTERN,
      description:
        "7-digit county-district code; must equal the first 7 digits of school_code and the submission's district.",
    },
    { name: "district_name", type: "text", required: true, description: "District name." },
    {
      name: "low_grade",
      type: "integer",
      required: true,
      min: -1,
      max: 12,
      description: "Lowest grade served (-1 transitional kindergarten, 0 kindergarten).",
    },
    {
      name: "high_grade",
      type: "integer",
      required: true,
      min: -1,
      max: 12,
      description: "Highest grade served; not below low_grade.",
    },
    {
      name: "school_levels",
      type: "text",
      required: true,
      pattern: `(${SCHOOL_LEVELS.join("|")})(;(${SCHOOL_LEVELS.join("|")}))*`,
      description:
        "Levels the school is reported at, separated by ';' (elementary, middle, high); a K-8 school is 'elementary;middle'.",
    },
    {
      name: "title_i",
      type: "flag",
      required: true,
      codes: YES_NO,
      description: "Y when the school receives Title I funds.",
    },
    {
      name: "charter",
      type: "flag",
      required: true,
      codes: YES_NO,
      description: "Y for a charter school.",
    },
    {
      name: "latitude",
      type: "decimal",
      required: true,
      min: -90,
      max: 90,
      description: "Latitude in decimal degrees (WGS84).",
    },
    {
      name: "longitude",
      type: "decimal",
      required: true,
      min: -180,
      max: 180,
      description: "Longitude in decimal degrees (WGS84).",
    },
    {
      name: "staff_count",
      type: "integer",
      required: true,
      min: 0,
      max: 100000,
      description:
        "Certificated and classified staff on census day (denominator of the staff survey participation rate).",
    },
  ],
};
