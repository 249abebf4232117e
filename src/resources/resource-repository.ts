import { type Expression, type Selectable, type SqlBool, sql } from "kysely";
import { type Clock, systemClock } from "../workspace/clock.ts";
import { NotFoundError } from "../workspace/workspace-errors.ts";
import type { ResourceVersionsTable, WorkspaceDb } from "../workspace/workspace-schema.ts";
import type { ResourceKind, ResourceSort, ResourceTags } from "./resource-tags.ts";

/** A version's content: a link, or a file whose bytes are kept in the workspace. */
export type VersionContent =
  | { readonly url: string }
  | {
      readonly fileName: string;
      readonly contentType: string;
      readonly bytes: Uint8Array;
      /** SHA-256 of `bytes`, hex. */
      readonly sha256: string;
    };

export interface NewVersion {
  readonly content: VersionContent;
  readonly notes: string;
  readonly createdBy: number;
}

/** What is published: the resource's words, kind, tags and district, and its first version. */
export interface NewResource {
  readonly title: string;
  readonly description: string;
  readonly kind: ResourceKind;
  readonly tags: ResourceTags;
  /** The contributing district; null: the network hub. */
  readonly districtCode: string | null;
  /** The words and tag labels full-text search reads (see `resourceSearchText`). */
  readonly searchText: string;
  readonly createdBy: number;
  readonly firstVersion: NewVersion;
}

/** A version as listed (never its bytes). */
export interface ResourceVersion {
  readonly id: number;
  readonly resourceId: number;
  readonly version: number;
  readonly url: string | null;
  readonly fileName: string | null;
  readonly contentType: string | null;
  readonly byteSize: number | null;
  readonly sha256: string | null;
  readonly notes: string;
  readonly downloads: number;
  readonly createdBy: number;
  readonly createdAt: Date;
}

/** A resource with its figures: downloads of every version, the ratings' average and count. */
export interface ResourceSummary {
  readonly id: number;
  readonly title: string;
  readonly description: string;
  readonly kind: ResourceKind;
  readonly tags: ResourceTags;
  readonly districtCode: string | null;
  readonly createdBy: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly downloads: number;
  /** Null: nobody has rated it. */
  readonly ratingAverage: number | null;
  readonly ratingCount: number;
  readonly current: ResourceVersion;
}

/** A resource with every version (newest first) and the reader's own rating. */
export interface ResourceDetail extends ResourceSummary {
  readonly versions: readonly ResourceVersion[];
  readonly myRating: number | null;
}

/** Which resources: each filter given narrows the list. */
export interface ResourceQuery {
  /** Words, as a web search reads them (`"quoted phrase"`, `-not`, `or`). */
  readonly text?: string | undefined;
  readonly kind?: ResourceKind | undefined;
  /** A district code, or `hub` for the network hub's own. */
  readonly district?: string | undefined;
  readonly grade?: string | undefined;
  readonly subject?: string | undefined;
  readonly measure?: string | undefined;
  readonly studentGroup?: string | undefined;
  readonly sort?: ResourceSort | undefined;
  readonly limit?: number | undefined;
  readonly offset?: number | undefined;
}

/** What the library holds, to filter by. */
export interface ResourceFacets {
  readonly kinds: readonly string[];
  /** Contributing districts; null: the hub. */
  readonly districts: readonly (string | null)[];
  readonly grades: readonly string[];
  readonly subjects: readonly string[];
  readonly measures: readonly string[];
  readonly studentGroups: readonly string[];
}

export const DEFAULT_RESOURCE_LIMIT = 20;

function toVersion(row: Omit<Selectable<ResourceVersionsTable>, never>): ResourceVersion {
  return {
    id: row.id,
    resourceId: row.resource_id,
    version: row.version,
    url: row.url,
    fileName: row.file_name,
    contentType: row.content_type,
    byteSize: row.byte_size,
    sha256: row.sha256,
    notes: row.notes,
    downloads: row.downloads,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

const VERSION_COLUMNS = [
  "id",
  "resource_id",
  "version",
  "url",
  "file_name",
  "content_type",
  "byte_size",
  "sha256",
  "notes",
  "downloads",
  "created_by",
  "created_at",
] as const;

/**
 * The shared-resource library's store: resources with their tags, numbered versions (a file's
 * bytes in `resource_files`), per-version download counts and one rating per user; full-text
 * search (PostgreSQL's English configuration, on PGlite alike) with filters and four orders.
 * Who may do what is decided above this (`src/access/access-policy.ts`).
 */
export class ResourceRepository {
  constructor(
    private readonly db: WorkspaceDb,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Publishes a resource with its first version (one transaction). */
  async publish(input: NewResource): Promise<ResourceDetail> {
    const now = this.clock();
    const id = await this.db.transaction().execute(async (tx) => {
      const row = await tx
        .insertInto("resources")
        .values({
          title: input.title,
          description: input.description,
          kind: input.kind,
          grades: [...input.tags.grades],
          subjects: [...input.tags.subjects],
          measures: [...input.tags.measures],
          student_groups: [...input.tags.studentGroups],
          district_code: input.districtCode,
          created_by: input.createdBy,
          created_at: now,
          updated_at: now,
          search_text: input.searchText,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await insertVersion(tx, row.id, 1, input.firstVersion, now);
      return row.id;
    });
    return this.mustFind(id, input.createdBy);
  }

  /** Adds the next version; the resource counts as updated now. @throws NotFoundError. */
  async addVersion(resourceId: number, input: NewVersion): Promise<ResourceVersion> {
    const now = this.clock();
    return this.db.transaction().execute(async (tx) => {
      const resource = await tx
        .updateTable("resources")
        .set({ updated_at: now })
        .where("id", "=", resourceId)
        .returning("id")
        .executeTakeFirst();
      if (!resource) throw new NotFoundError("resource", resourceId);
      const last = await tx
        .selectFrom("resource_versions")
        .select((eb) => eb.fn.max("version").as("n"))
        .where("resource_id", "=", resourceId)
        .executeTakeFirstOrThrow();
      return insertVersion(tx, resourceId, Number(last.n ?? 0) + 1, input, now);
    });
  }

  /** A user's rating, replacing their earlier one; answers the resource's average and count. */
  async rate(
    resourceId: number,
    userId: number,
    stars: number,
  ): Promise<{ average: number; count: number }> {
    const exists = await this.db
      .selectFrom("resources")
      .select("id")
      .where("id", "=", resourceId)
      .executeTakeFirst();
    if (!exists) throw new NotFoundError("resource", resourceId);
    await this.db
      .insertInto("resource_ratings")
      .values({ resource_id: resourceId, user_id: userId, stars, rated_at: this.clock() })
      .onConflict((oc) =>
        oc.columns(["resource_id", "user_id"]).doUpdateSet({ stars, rated_at: this.clock() }),
      )
      .execute();
    const r = await this.db
      .selectFrom("resource_ratings")
      .select([
        sql<number>`avg(stars)::float8`.as("average"),
        sql<number>`count(*)::int`.as("count"),
      ])
      .where("resource_id", "=", resourceId)
      .executeTakeFirstOrThrow();
    return { average: r.average, count: r.count };
  }

  /** A version with its bytes (null for a link), or undefined when there is no such version. */
  async content(
    resourceId: number,
    version: number,
  ): Promise<{ version: ResourceVersion; bytes: Uint8Array | null } | undefined> {
    const row = await this.db
      .selectFrom("resource_versions as v")
      .leftJoin("resource_files as f", "f.version_id", "v.id")
      .select(VERSION_COLUMNS.map((c) => `v.${c}` as const))
      .select("f.bytes")
      .where("v.resource_id", "=", resourceId)
      .where("v.version", "=", version)
      .executeTakeFirst();
    if (!row) return undefined;
    const { bytes, ...v } = row;
    return { version: toVersion(v), bytes: bytes ?? null };
  }

  /** Counts one download (or link followed) of a version; answers its new count. */
  async countDownload(versionId: number): Promise<number> {
    const r = await this.db
      .updateTable("resource_versions")
      .set((eb) => ({ downloads: eb("downloads", "+", 1) }))
      .where("id", "=", versionId)
      .returning("downloads")
      .executeTakeFirst();
    if (!r) throw new NotFoundError("resource version", versionId);
    return r.downloads;
  }

  /** A resource with its versions and `userId`'s rating, or undefined. */
  async find(id: number, userId: number | null): Promise<ResourceDetail | undefined> {
    const { resources } = await this.search({ limit: 1 }, id);
    const summary = resources[0];
    if (!summary) return undefined;
    const [versions, mine] = await Promise.all([
      this.db
        .selectFrom("resource_versions")
        .select(VERSION_COLUMNS)
        .where("resource_id", "=", id)
        .orderBy("version", "desc")
        .execute(),
      userId === null
        ? Promise.resolve(undefined)
        : this.db
            .selectFrom("resource_ratings")
            .select("stars")
            .where("resource_id", "=", id)
            .where("user_id", "=", userId)
            .executeTakeFirst(),
    ]);
    return { ...summary, versions: versions.map(toVersion), myRating: mine?.stars ?? null };
  }

  private async mustFind(id: number, userId: number): Promise<ResourceDetail> {
    const found = await this.find(id, userId);
    if (!found) throw new NotFoundError("resource", id);
    return found;
  }

  /** One page of the resources matching `q`, in its order, and how many match in all. */
  async search(
    q: ResourceQuery,
    onlyId?: number,
  ): Promise<{ total: number; resources: ResourceSummary[] }> {
    const text = (q.text ?? "").trim().slice(0, 200);
    const query = sql`websearch_to_tsquery('english', ${text})`;
    const base = this.db.selectFrom("resources as r").where((eb) => {
      const c: Expression<SqlBool>[] = [];
      if (onlyId !== undefined) c.push(eb("r.id", "=", onlyId));
      if (text !== "") c.push(sql<SqlBool>`r.search @@ ${query}`);
      if (q.kind !== undefined) c.push(eb("r.kind", "=", q.kind));
      if (q.district === "hub") c.push(eb("r.district_code", "is", null));
      else if (q.district !== undefined) c.push(eb("r.district_code", "=", q.district));
      const tagged = (column: string, value: string | undefined) => {
        if (value !== undefined) c.push(sql<SqlBool>`${value} = any(${sql.ref(column)})`);
      };
      tagged("r.grades", q.grade);
      tagged("r.subjects", q.subject);
      tagged("r.measures", q.measure);
      tagged("r.student_groups", q.studentGroup);
      return eb.and(c);
    });
    const sort = q.sort === "relevance" && text === "" ? "newest" : (q.sort ?? "newest");
    const [count, rows] = await Promise.all([
      base.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow(),
      base
        .selectAll("r")
        .select([
          sql<number>`(select coalesce(sum(v.downloads), 0)::int from resource_versions v where v.resource_id = r.id)`.as(
            "downloads",
          ),
          sql<
            number | null
          >`(select avg(x.stars)::float8 from resource_ratings x where x.resource_id = r.id)`.as(
            "rating_average",
          ),
          sql<number>`(select count(*)::int from resource_ratings x where x.resource_id = r.id)`.as(
            "rating_count",
          ),
          (text === ""
            ? sql<number>`0::float8`
            : sql<number>`ts_rank(r.search, ${query})::float8`
          ).as("rank"),
        ])
        .$call((b) => {
          if (sort === "relevance") return b.orderBy("rank", "desc");
          if (sort === "downloads") return b.orderBy("downloads", "desc");
          if (sort === "rating")
            return b.orderBy(sql`rating_average desc nulls last`).orderBy("rating_count", "desc");
          return b;
        })
        .orderBy("r.updated_at", "desc")
        .orderBy("r.id", "desc")
        .limit(q.limit ?? DEFAULT_RESOURCE_LIMIT)
        .offset(q.offset ?? 0)
        .execute(),
    ]);
    const ids = rows.map((r) => r.id);
    const current =
      ids.length === 0
        ? []
        : await this.db
            .selectFrom("resource_versions")
            .select(VERSION_COLUMNS)
            .distinctOn("resource_id")
            .where("resource_id", "in", ids)
            .orderBy("resource_id")
            .orderBy("version", "desc")
            .execute();
    const byResource = new Map(current.map((v) => [v.resource_id, toVersion(v)]));
    return {
      total: Number(count.n),
      resources: rows.flatMap((r) => {
        const cur = byResource.get(r.id);
        if (!cur) return [];
        return [
          {
            id: r.id,
            title: r.title,
            description: r.description,
            kind: r.kind as ResourceKind,
            tags: {
              grades: r.grades,
              subjects: r.subjects,
              measures: r.measures,
              studentGroups: r.student_groups,
            },
            districtCode: r.district_code,
            createdBy: r.created_by,
            createdAt: r.created_at,
            updatedAt: r.updated_at,
            downloads: r.downloads,
            ratingAverage: r.rating_average,
            ratingCount: r.rating_count,
            current: cur,
          },
        ];
      }),
    };
  }

  /** The kinds, districts and tags the library holds, each sorted. */
  async facets(): Promise<ResourceFacets> {
    const rows = await this.db
      .selectFrom("resources")
      .select(["kind", "district_code", "grades", "subjects", "measures", "student_groups"])
      .execute();
    const set = (values: Iterable<string>) => [...new Set(values)].sort();
    const districts = [...new Set(rows.map((r) => r.district_code))].sort((a, b) =>
      (a ?? "").localeCompare(b ?? ""),
    );
    return {
      kinds: set(rows.map((r) => r.kind)),
      districts,
      grades: set(rows.flatMap((r) => r.grades)),
      subjects: set(rows.flatMap((r) => r.subjects)),
      measures: set(rows.flatMap((r) => r.measures)),
      studentGroups: set(rows.flatMap((r) => r.student_groups)),
    };
  }
}

async function insertVersion(
  tx: WorkspaceDb,
  resourceId: number,
  version: number,
  input: NewVersion,
  now: Date,
): Promise<ResourceVersion> {
  const c = input.content;
  const file = "url" in c ? null : c;
  const row = await tx
    .insertInto("resource_versions")
    .values({
      resource_id: resourceId,
      version,
      url: "url" in c ? c.url : null,
      file_name: file?.fileName ?? null,
      content_type: file?.contentType ?? null,
      byte_size: file?.bytes.byteLength ?? null,
      sha256: file?.sha256 ?? null,
      notes: input.notes,
      created_by: input.createdBy,
      created_at: now,
    })
    .returning(VERSION_COLUMNS)
    .executeTakeFirstOrThrow();
  if (file) {
    await tx
      .insertInto("resource_files")
      .values({ version_id: row.id, bytes: file.bytes })
      .execute();
  }
  return toVersion(row);
}
