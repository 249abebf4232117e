import { RESOURCE_GRADES, RESOURCE_KIND_IDS, RESOURCE_SORTS } from "./resource-tags.ts";

/*
 * The shared-resource library's API shapes, declared once (routes, OpenAPI, web types).
 */

const CODE_LABEL = {
  type: "object",
  required: ["id", "label"],
  properties: { id: { type: "string" }, label: { type: "string" } },
  additionalProperties: false,
} as const;

const TAG = { type: "string", pattern: "^[A-Za-z0-9_]{1,40}$" } as const;

export const RESOURCE_QUERY = {
  type: "object",
  properties: {
    q: { type: "string", maxLength: 200, description: "words, as a web search reads them" },
    kind: { type: "string", enum: RESOURCE_KIND_IDS },
    district: {
      type: "string",
      pattern: "^([0-9]{7}|hub)$",
      description: "the contributing district's code, or `hub`",
    },
    grade: { type: "string", enum: RESOURCE_GRADES },
    subject: TAG,
    measure: { ...TAG, description: "a framework measure id" },
    group: { ...TAG, description: "a framework student-group id" },
    sort: { type: "string", enum: RESOURCE_SORTS, default: "relevance" },
    limit: { type: "integer", minimum: 1, maximum: 100, default: 20 },
    offset: { type: "integer", minimum: 0, maximum: 100000, default: 0 },
  },
  additionalProperties: false,
} as const;

export const RESOURCE_PARAMS = {
  type: "object",
  required: ["resourceId"],
  properties: { resourceId: { type: "integer", minimum: 1, maximum: 2147483647 } },
} as const;

export const RESOURCE_VERSION_PARAMS = {
  type: "object",
  required: ["resourceId", "version"],
  properties: {
    resourceId: { type: "integer", minimum: 1, maximum: 2147483647 },
    version: { type: "integer", minimum: 1, maximum: 100000 },
  },
} as const;

export const RESOURCE_RATING_BODY = {
  type: "object",
  required: ["stars"],
  properties: { stars: { type: "integer", minimum: 1, maximum: 5 } },
  additionalProperties: false,
} as const;

export const RESOURCE_RATING = {
  type: "object",
  required: ["average", "count", "mine"],
  properties: {
    average: { type: "number" },
    count: { type: "integer" },
    mine: { type: "integer" },
  },
  additionalProperties: false,
} as const;

export const RESOURCE_VERSION = {
  type: "object",
  required: [
    "version",
    "url",
    "file_name",
    "content_type",
    "byte_size",
    "notes",
    "downloads",
    "created_at",
    "download_path",
  ],
  properties: {
    version: { type: "integer" },
    url: { type: ["string", "null"], description: "a link version's address (null: a file)" },
    file_name: { type: ["string", "null"] },
    content_type: { type: ["string", "null"], description: "sniffed from the bytes" },
    byte_size: { type: ["integer", "null"] },
    notes: { type: "string" },
    downloads: { type: "integer", description: "downloads (links followed) of this version" },
    created_at: { type: "string" },
    download_path: { type: "string", description: "counts the download, then serves or redirects" },
  },
  additionalProperties: false,
} as const;

const SUMMARY_PROPERTIES = {
  id: { type: "integer" },
  title: { type: "string" },
  description: { type: "string" },
  kind: CODE_LABEL,
  grades: { type: "array", items: { type: "string" } },
  subjects: { type: "array", items: CODE_LABEL },
  measures: { type: "array", items: CODE_LABEL },
  student_groups: { type: "array", items: CODE_LABEL },
  district_code: { type: ["string", "null"], description: "null: the network hub" },
  district_name: { type: "string" },
  downloads: { type: "integer", description: "downloads of every version" },
  rating_average: { type: ["number", "null"] },
  rating_count: { type: "integer" },
  created_at: { type: "string" },
  updated_at: { type: "string", description: "when the latest version was added" },
  current: RESOURCE_VERSION,
} as const;
const SUMMARY_REQUIRED = Object.keys(SUMMARY_PROPERTIES) as (keyof typeof SUMMARY_PROPERTIES)[];

export const RESOURCE_SUMMARY = {
  type: "object",
  required: SUMMARY_REQUIRED,
  properties: SUMMARY_PROPERTIES,
  additionalProperties: false,
} as const;

export const RESOURCE_DETAIL = {
  type: "object",
  required: [...SUMMARY_REQUIRED, "versions", "my_rating", "may_revise"],
  properties: {
    ...SUMMARY_PROPERTIES,
    versions: { type: "array", items: RESOURCE_VERSION, description: "newest first" },
    my_rating: { type: ["integer", "null"] },
    may_revise: { type: "boolean", description: "the reader may add a version" },
  },
  additionalProperties: false,
} as const;

export const RESOURCE_PAGE = {
  type: "object",
  required: ["total", "limit", "offset", "sort", "resources", "facets", "may_publish"],
  properties: {
    total: { type: "integer" },
    limit: { type: "integer" },
    offset: { type: "integer" },
    sort: { type: "string", enum: RESOURCE_SORTS, description: "the order applied" },
    may_publish: { type: "boolean" },
    resources: { type: "array", items: RESOURCE_SUMMARY },
    facets: {
      type: "object",
      description: "what the library holds, to filter by; `options` what a publisher may tag",
      required: [
        "kinds",
        "districts",
        "grades",
        "subjects",
        "measures",
        "student_groups",
        "options",
      ],
      properties: {
        kinds: { type: "array", items: CODE_LABEL },
        districts: { type: "array", items: CODE_LABEL, description: "`hub`: the network hub" },
        grades: { type: "array", items: { type: "string" } },
        subjects: { type: "array", items: CODE_LABEL },
        measures: { type: "array", items: CODE_LABEL },
        student_groups: { type: "array", items: CODE_LABEL },
        options: {
          type: "object",
          required: ["kinds", "grades", "subjects", "measures", "student_groups", "districts"],
          properties: {
            kinds: { type: "array", items: CODE_LABEL },
            districts: {
              type: "array",
              items: CODE_LABEL,
              description: "the districts a hub admin or a facilitator without one may publish for",
            },
            grades: { type: "array", items: { type: "string" } },
            subjects: { type: "array", items: CODE_LABEL },
            measures: { type: "array", items: CODE_LABEL },
            student_groups: { type: "array", items: CODE_LABEL },
          },
          additionalProperties: false,
        },
      },
      additionalProperties: false,
    },
  },
  additionalProperties: false,
} as const;

const TEXTS = { type: "array", items: { type: "string", maxLength: 40 }, maxItems: 30 } as const;

/** A version's fields: a link (JSON) or, in a multipart form, the `file` part instead. */
const VERSION_FIELDS = {
  url: { type: "string", maxLength: 2000, description: "an http(s) address (JSON: required)" },
  notes: { type: "string", maxLength: 2000, description: "what changed in this version" },
} as const;

/** A new version as JSON (a link); a file comes as a multipart form with the same fields. */
export const RESOURCE_VERSION_FORM = {
  type: "object",
  required: ["url"],
  properties: VERSION_FIELDS,
  additionalProperties: false,
} as const;

/** A resource to publish as JSON (its first version a link); a file comes as a multipart form. */
export const RESOURCE_FORM = {
  type: "object",
  required: ["title", "kind", "url"],
  properties: {
    title: { type: "string", maxLength: 200 },
    description: { type: "string", maxLength: 4000 },
    kind: { type: "string", enum: RESOURCE_KIND_IDS },
    grades: TEXTS,
    subjects: TEXTS,
    measures: { ...TEXTS, description: "framework measure ids" },
    student_groups: { ...TEXTS, description: "framework student-group ids" },
    district_code: {
      type: "string",
      pattern: "^([0-9]{7})?$",
      description: "the district a hub admin or facilitator without one publishes for",
    },
    ...VERSION_FIELDS,
  },
  additionalProperties: false,
} as const;
