import type { Framework } from "../domain/framework/framework-schema.ts";
import { metricLabel } from "../domain/framework/metric-label.ts";
import { groupLabel } from "../identification/group-label.ts";
import {
  RESOURCE_GRADES,
  RESOURCE_KIND_IDS,
  RESOURCE_KINDS,
  RESOURCE_SUBJECT_IDS,
  RESOURCE_SUBJECTS,
  type ResourceKind,
  type ResourceTags,
} from "./resource-tags.ts";

/** A field of a publish or version form refused; `field` is its name in the form and the API. */
export class ResourceInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
    readonly value: unknown,
  ) {
    super(message);
    this.name = "ResourceInputError";
  }
}

/** A form's fields as they arrive (JSON body or multipart fields): one value or several. */
export type FormFields = Readonly<Record<string, string | readonly string[] | undefined>>;

/** A resource's words, kind and tags, checked. */
export interface ResourceDraft {
  readonly title: string;
  readonly description: string;
  readonly kind: ResourceKind;
  readonly tags: ResourceTags;
  /** Named by a hub admin or facilitator publishing for a district (`district_code`). */
  readonly districtCode: string | null;
}

/** A version's link (none: the version is a file) and notes, checked. */
export interface VersionDraft {
  readonly url: string | null;
  readonly notes: string;
}

function one(fields: FormFields, name: string): string {
  const v = fields[name];
  return (typeof v === "string" ? v : (v?.[0] ?? "")).trim();
}

/** A list field: repeated values, or one value of comma-separated ones. */
function many(fields: FormFields, name: string): string[] {
  const v = fields[name];
  const values = v === undefined ? [] : typeof v === "string" ? [v] : [...v];
  return [
    ...new Set(
      values
        .flatMap((x) => x.split(","))
        .map((x) => x.trim())
        .filter(Boolean),
    ),
  ];
}

function within(
  field: string,
  values: string[],
  allowed: readonly string[],
  what: string,
): string[] {
  const bad = values.find((v) => !allowed.includes(v));
  if (bad !== undefined) {
    throw new ResourceInputError(
      field,
      `unknown ${what} "${bad}"; expected one of ${allowed.join(", ")}`,
      bad,
    );
  }
  if (values.length > 30) throw new ResourceInputError(field, `at most 30 ${what}s`, values);
  return values;
}

/**
 * Reads and checks a resource's fields: `title` (1–200 characters), `description` (up to 4,000),
 * `kind`, and the tags `grades`, `subjects`, `measures` (the framework's measure ids) and
 * `student_groups` (its reporting groups), each repeated or comma-separated.
 * @throws ResourceInputError naming the field and value.
 */
export function readResourceDraft(fields: FormFields, framework: Framework): ResourceDraft {
  const title = one(fields, "title");
  if (title === "") throw new ResourceInputError("title", "a resource needs a title", title);
  if (title.length > 200) {
    throw new ResourceInputError("title", "a title is at most 200 characters", title);
  }
  const description = one(fields, "description");
  if (description.length > 4000) {
    throw new ResourceInputError("description", "a description is at most 4000 characters", "…");
  }
  const kind = one(fields, "kind");
  if (!(RESOURCE_KIND_IDS as string[]).includes(kind)) {
    throw new ResourceInputError(
      "kind",
      `unknown kind "${kind}"; expected one of ${RESOURCE_KIND_IDS.join(", ")}`,
      kind,
    );
  }
  const district = one(fields, "district_code");
  if (district !== "" && !/^[0-9]{7}$/.test(district)) {
    throw new ResourceInputError(
      "district_code",
      `invalid district code "${district}": expected 7 digits`,
      district,
    );
  }
  return {
    title,
    description,
    kind: kind as ResourceKind,
    districtCode: district === "" ? null : district,
    tags: {
      grades: within("grades", many(fields, "grades"), RESOURCE_GRADES, "grade"),
      subjects: within("subjects", many(fields, "subjects"), RESOURCE_SUBJECT_IDS, "subject"),
      measures: within(
        "measures",
        many(fields, "measures"),
        Object.keys(framework.measures),
        "measure",
      ),
      studentGroups: within(
        "student_groups",
        many(fields, "student_groups"),
        framework.student_groups.reporting,
        "student group",
      ),
    },
  };
}

/**
 * Reads a version's `notes` (up to 2,000 characters) and `url` (an http or https address; leave it
 * out when the version is a file). @throws ResourceInputError.
 */
export function readVersionDraft(fields: FormFields): VersionDraft {
  const notes = one(fields, "notes");
  if (notes.length > 2000) {
    throw new ResourceInputError("notes", "version notes are at most 2000 characters", "…");
  }
  const url = one(fields, "url");
  if (url === "") return { url: null, notes };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ResourceInputError("url", `invalid link "${url}": expected a full address`, url);
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw new ResourceInputError("url", `invalid link "${url}": expected http or https`, url);
  }
  if (url.length > 2000)
    throw new ResourceInputError("url", "a link is at most 2000 characters", "…");
  return { url: parsed.toString(), notes };
}

/** The words full-text search reads: title, description, the kind's and tags' labels. */
export function resourceSearchText(draft: ResourceDraft, framework: Framework): string {
  const t = draft.tags;
  return [
    draft.title,
    draft.description,
    RESOURCE_KINDS[draft.kind],
    ...t.grades.map((g) => `grade ${g}`),
    ...t.subjects.map((s) => RESOURCE_SUBJECTS[s as keyof typeof RESOURCE_SUBJECTS] ?? s),
    ...t.measures.map((m) => metricLabel(framework, m)),
    ...t.studentGroups.map(groupLabel),
  ].join(" \n");
}
