import type { FromSchema } from "json-schema-to-ts";
import type { Framework } from "../domain/framework/framework-schema.ts";
import { metricLabel } from "../domain/framework/metric-label.ts";
import { groupLabel } from "../identification/group-label.ts";
import type {
  ResourceDetail,
  ResourceFacets,
  ResourceSummary,
  ResourceVersion,
} from "./resource-repository.ts";
import type {
  RESOURCE_DETAIL,
  RESOURCE_PAGE,
  RESOURCE_SUMMARY,
  RESOURCE_VERSION,
} from "./resource-schema.ts";
import {
  RESOURCE_GRADES,
  RESOURCE_KIND_IDS,
  RESOURCE_KINDS,
  RESOURCE_SUBJECT_IDS,
  RESOURCE_SUBJECTS,
  type ResourceKind,
} from "./resource-tags.ts";

export type ResourceVersionJson = FromSchema<typeof RESOURCE_VERSION>;
export type ResourceSummaryJson = FromSchema<typeof RESOURCE_SUMMARY>;
export type ResourceDetailJson = FromSchema<typeof RESOURCE_DETAIL>;
export type ResourceFacetsJson = FromSchema<typeof RESOURCE_PAGE>["facets"];

/** The network hub's name where a resource has no contributing district. */
export const HUB_NAME = "Network hub";

/** What the views read beside the resource: the framework's labels and the districts' names. */
export interface ResourceLabels {
  readonly framework: Framework;
  readonly districtNames: ReadonlyMap<string, string>;
}

/** A contributing district's name ({@link HUB_NAME} for none; its code when the warehouse has no name). */
export function districtName(labels: ResourceLabels, code: string | null): string {
  if (code === null) return HUB_NAME;
  return labels.districtNames.get(code) ?? `District ${code}`;
}

const kindLabel = (id: string) => ({ id, label: RESOURCE_KINDS[id as ResourceKind] ?? id });
const subjectLabel = (id: string) => ({
  id,
  label: RESOURCE_SUBJECTS[id as keyof typeof RESOURCE_SUBJECTS] ?? id,
});
const groupWords = (id: string) => {
  const words = groupLabel(id);
  return { id, label: words.charAt(0).toUpperCase() + words.slice(1) };
};

export function resourceVersionJson(v: ResourceVersion): ResourceVersionJson {
  return {
    version: v.version,
    url: v.url,
    file_name: v.fileName,
    content_type: v.contentType,
    byte_size: v.byteSize,
    notes: v.notes,
    downloads: v.downloads,
    created_at: v.createdAt.toISOString(),
    download_path: `/api/resources/${v.resourceId}/versions/${v.version}/download`,
  };
}

export function resourceSummaryJson(
  r: ResourceSummary,
  labels: ResourceLabels,
): ResourceSummaryJson {
  return {
    id: r.id,
    title: r.title,
    description: r.description,
    kind: kindLabel(r.kind),
    grades: [...r.tags.grades],
    subjects: r.tags.subjects.map(subjectLabel),
    measures: r.tags.measures.map((m) => ({ id: m, label: metricLabel(labels.framework, m) })),
    student_groups: r.tags.studentGroups.map(groupWords),
    district_code: r.districtCode,
    district_name: districtName(labels, r.districtCode),
    downloads: r.downloads,
    rating_average: r.ratingAverage === null ? null : Math.round(r.ratingAverage * 10) / 10,
    rating_count: r.ratingCount,
    created_at: r.createdAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
    current: resourceVersionJson(r.current),
  };
}

export function resourceDetailJson(
  r: ResourceDetail,
  labels: ResourceLabels,
  mayRevise: boolean,
): ResourceDetailJson {
  return {
    ...resourceSummaryJson(r, labels),
    versions: r.versions.map(resourceVersionJson),
    my_rating: r.myRating,
    may_revise: mayRevise,
  };
}

/** The library's facets with labels, and every tag a publisher may choose. */
export function resourceFacetsJson(f: ResourceFacets, labels: ResourceLabels): ResourceFacetsJson {
  const measure = (m: string) => ({ id: m, label: metricLabel(labels.framework, m) });
  return {
    kinds: f.kinds.map(kindLabel),
    districts: f.districts
      .map((d) => ({ id: d ?? "hub", label: districtName(labels, d) }))
      .sort((a, b) => a.label.localeCompare(b.label)),
    grades: RESOURCE_GRADES.filter((g) => f.grades.includes(g)),
    subjects: f.subjects.map(subjectLabel),
    measures: f.measures.map(measure).sort((a, b) => a.label.localeCompare(b.label)),
    student_groups: f.studentGroups.map(groupWords),
    options: {
      kinds: RESOURCE_KIND_IDS.map(kindLabel),
      districts: [...labels.districtNames]
        .map(([id, label]) => ({ id, label }))
        .sort((a, b) => a.label.localeCompare(b.label)),
      grades: [...RESOURCE_GRADES],
      subjects: RESOURCE_SUBJECT_IDS.map(subjectLabel),
      measures: Object.keys(labels.framework.measures)
        .map(measure)
        .sort((a, b) => a.label.localeCompare(b.label)),
      student_groups: labels.framework.student_groups.reporting.map(groupWords),
    },
  };
}
