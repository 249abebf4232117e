import { LOCAL_MEASURE_BASES } from "../domain/framework/district-overlay-schema.ts";

/**
 * The part of docs/measures.md on districts' local measures and the district view: how an overlay
 * is written, what it may reuse, and how the district figures are computed and disclosed.
 */
export function localMeasuresDocLines(): string[] {
  return [
    "## Local measures (district overlays)",
    "",
    "A district may add its own measures for its own view in a district overlay: a YAML file in `frameworks/districts/` (one per district; `collab compute --overlays DIR` reads another folder). It extends the shared framework and never changes it: the shared index, levels, tiers, pairing and communities are computed without it, and a test computes a run with and without an overlay and compares every shared table exactly.",
    "",
    "```yaml",
    'district: "1061337"',
    "extends: core-sqii            # the shared framework's id",
    "name: District 1061337 local measures",
    "measures:",
    "  severe_absence:",
    "    label: Severe chronic absence",
    "    description: Percent of students missing 20% or more of their enrolled days.",
    "    base: chronic_absence      # the shared measure whose definition it reuses",
    "    settings:                  # the base measure's settings that differ",
    "      absence_threshold_percent: 20",
    "    direction: lower",
    "    weight: 1                  # in the district's local index (percent measures only)",
    "```",
    "",
    `- A local measure reuses a shared measure's definition with the district's own settings (any setting of the base measure: grades, thresholds, school levels…). Bases: ${LOCAL_MEASURE_BASES.map((b) => `\`${b}\``).join(", ")}. Its minimum n is the base measure's.`,
    "- The file is checked when the run starts: an unknown key, a setting out of range or foreign to the base measure, a base the shared framework lacks, another framework's id, or a weight on a measure that is not a percentage is refused with the file, line, column and value.",
    "- Local measures are computed in the same run, for the district's schools only (`local_results`, metric `local_<key>`), and pooled for the district (`district_results`, `local` true).",
    "- Local index: when weights are given, the weighted mean of the district's local percent measures for all students, each turned so that higher is better (a lower-is-better measure counts as 100 minus its value); per school and level, and for the district. It is withheld where a measure it averages is suppressed.",
    "- Who sees them: on a school's report, whoever may read the report, under the heading of the district's own measures and marked \"Local measure\"; in the district view, the district's own administrators and the hub only. Every figure goes through the same suppression as the shared measures.",
    "",
    "## The district view",
    "",
    "The district page (superintendents, cabinets, data leads) shows, above the district's schools by level and support tier:",
    "",
    "- every measure over all the district's students, by student group: the counts of its schools and levels added up and the rate or mean recomputed from the sums, so a school of 900 weighs 900 students, not one school (growth, a school effect, is left out). A student counted at two schools by a measure's rules counts at each, as on the schools' reports;",
    "- the whole network (the sum over districts) and peer districts beside it: the three most similar districts on the pairing context variables (enrollment-weighted across their schools, Mahalanobis distance as for peer schools), or districts the reader picks;",
    "- each measure's trend over the run chain and what changed since last year, as sentences with the numbers, written only from figures the reader may see;",
    "- CSV downloads of each table and chart, and the `district_results` export of the run.",
    "",
    "The figures are computed with the run (`district_results`, `district_peers`). Suppression: a district cell below the minimum n is hidden; so is a district cell that would give away a school's hidden cell by subtraction (the district equals the sum of its schools), a group that would give away a hidden group (All students minus the others), or a district that the network's total would give away; an exact check over all these equations hides more when a hidden figure could still be worked out. The district's own administrators and the hub see the figures as computed, small groups flagged.",
    "",
  ];
}
