import type { ResourceSummary } from "../api/resource-queries.ts";

/** A resource's tags as a list: grades, subjects, measures and student groups. */
export function ResourceTags({ resource: r }: { resource: ResourceSummary }) {
  const tags = [
    ...(r.grades.length > 0
      ? [`${r.grades.length === 1 ? "Grade" : "Grades"} ${r.grades.join(", ")}`]
      : []),
    ...r.subjects.map((s) => s.label),
    ...r.measures.map((m) => m.label),
    ...r.student_groups.map((g) => g.label),
  ];
  if (tags.length === 0) return null;
  return (
    <ul className="resource-tags" aria-label="Tags">
      {tags.map((t) => (
        <li key={t}>{t}</li>
      ))}
    </ul>
  );
}

/** "Rated 4.5 of 5 (3 ratings)", or "Not rated yet". */
export function RatingWords({ average, count }: { average: number | null; count: number }) {
  return (
    <span>
      {average === null
        ? "Not rated yet"
        : `Rated ${average.toFixed(1)} of 5 (${count} ${count === 1 ? "rating" : "ratings"})`}
    </span>
  );
}

/** A file's size in words: "12 KB", "1.4 MB". */
export function sizeWords(bytes: number | null): string {
  if (bytes === null) return "";
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const FILE_CODES = [
  "invalid_file",
  "file_too_large",
  "invalid_file_name",
  "executable_refused",
  "unknown_content",
  "empty_file",
];

/** The server's message for form field `field` (its `invalid_<field>` code, or a file refusal). */
export function fieldError(error: unknown, field: string): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string") return null;
  const mine = field === "file" ? FILE_CODES.includes(code) : code === `invalid_${field}`;
  return mine ? String((error as Error).message) : null;
}

/** The message under a field, announced when it appears; `id` is what the field's aria-describedby names. */
export function FieldError({ id, message }: { id: string; message: string | null }) {
  if (message === null) return null;
  return (
    <p id={id} className="field-error" role="alert">
      {message}
    </p>
  );
}

/** A form's error that belongs to no one field. */
export function FormError({ error, fields }: { error: unknown; fields: readonly string[] }) {
  if (!error || fields.some((f) => fieldError(error, f) !== null)) return null;
  return (
    <p className="notice error" role="alert">
      {error instanceof Error ? error.message : String(error)}
    </p>
  );
}
