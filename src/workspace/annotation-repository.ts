import type { Selectable } from "kysely";
import { type Clock, systemClock } from "./clock.ts";
import { WorkspaceInputError } from "./workspace-errors.ts";
import type { AnnotationsTable, WorkspaceDb } from "./workspace-schema.ts";

/** A dated note on a school's periodic charts, with who wrote it and when. */
export interface Annotation {
  readonly id: number;
  readonly schoolCode: string;
  /** The school level it is about; null: every level. */
  readonly schoolLevel: string | null;
  /** The periodic measure it is about; null: every measure. */
  readonly measure: string | null;
  /** The day it marks, `YYYY-MM-DD`. */
  readonly noteDate: string;
  readonly text: string;
  readonly createdBy: number;
  /** The author's name as shown (display name, else email). */
  readonly author: string;
  readonly createdAt: Date;
}

/** What a new annotation needs. */
export interface NewAnnotation {
  readonly schoolCode: string;
  readonly schoolLevel?: string | null;
  readonly measure?: string | null;
  readonly noteDate: string;
  readonly text: string;
  readonly createdBy: number;
}

/** Longest note kept (a label on a chart, not a report). */
export const ANNOTATION_MAX_LENGTH = 500;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `text` is a real calendar day written `YYYY-MM-DD`. */
export function isDay(text: string): boolean {
  const m = DAY.exec(text);
  if (!m) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

function toAnnotation(row: Selectable<AnnotationsTable> & { author: string }): Annotation {
  return {
    id: row.id,
    schoolCode: row.school_code,
    schoolLevel: row.school_level,
    measure: row.measure,
    noteDate: row.note_date,
    text: row.text,
    createdBy: row.created_by,
    author: row.author,
    createdAt: row.created_at,
  };
}

/**
 * Dated notes on schools' periodic charts. Notes are only added (the workspace keeps what was
 * said and by whom); who may read or add them is the access policy's `annotation` resource.
 */
export class AnnotationRepository {
  constructor(
    private readonly db: WorkspaceDb,
    private readonly clock: Clock = systemClock,
  ) {}

  /**
   * Adds a note.
   * @throws WorkspaceInputError naming the field for a day that is not `YYYY-MM-DD` on the
   * calendar, an empty or too long text, or a malformed school code.
   */
  async add(input: NewAnnotation): Promise<Annotation> {
    if (!/^[0-9]{14}$/.test(input.schoolCode))
      throw new WorkspaceInputError(
        `invalid school code "${input.schoolCode}": expected 14 digits`,
        "schoolCode",
        input.schoolCode,
      );
    if (!isDay(input.noteDate))
      throw new WorkspaceInputError(
        `invalid date "${input.noteDate}": expected a day written YYYY-MM-DD`,
        "noteDate",
        input.noteDate,
      );
    const text = input.text.trim();
    if (text === "")
      throw new WorkspaceInputError("an annotation needs a text", "text", input.text);
    if (text.length > ANNOTATION_MAX_LENGTH)
      throw new WorkspaceInputError(
        `an annotation's text has ${text.length} characters, more than ${ANNOTATION_MAX_LENGTH}`,
        "text",
        input.text,
      );
    const row = await this.db
      .insertInto("annotations")
      .values({
        district_code: input.schoolCode.slice(0, 7),
        school_code: input.schoolCode,
        school_level: input.schoolLevel ?? null,
        measure: input.measure ?? null,
        note_date: input.noteDate,
        text,
        created_by: input.createdBy,
        created_at: this.clock(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const added = await this.list({ schoolCode: input.schoolCode, id: row.id });
    return added[0]!;
  }

  /**
   * A school's notes that concern `schoolLevel` and `measure` (notes for every level or measure
   * included), from `from` to `to` (days, inclusive) when given, oldest first.
   */
  async list(filter: {
    schoolCode: string;
    schoolLevel?: string;
    measure?: string;
    from?: string;
    to?: string;
    id?: number;
  }): Promise<Annotation[]> {
    let q = this.db
      .selectFrom("annotations as a")
      .innerJoin("users as u", "u.id", "a.created_by")
      .selectAll("a")
      .select((eb) =>
        eb.fn.coalesce(eb.fn("nullif", ["u.display_name", eb.val("")]), "u.email").as("author"),
      )
      .where("a.school_code", "=", filter.schoolCode);
    if (filter.id !== undefined) q = q.where("a.id", "=", filter.id);
    if (filter.schoolLevel !== undefined) {
      const level = filter.schoolLevel;
      q = q.where((eb) =>
        eb.or([eb("a.school_level", "is", null), eb("a.school_level", "=", level)]),
      );
    }
    if (filter.measure !== undefined) {
      const measure = filter.measure;
      q = q.where((eb) => eb.or([eb("a.measure", "is", null), eb("a.measure", "=", measure)]));
    }
    if (filter.from !== undefined) q = q.where("a.note_date", ">=", filter.from);
    if (filter.to !== undefined) q = q.where("a.note_date", "<=", filter.to);
    const rows = await q.orderBy("a.note_date").orderBy("a.id").execute();
    return rows.map((r) => toAnnotation(r as Selectable<AnnotationsTable> & { author: string }));
  }
}
