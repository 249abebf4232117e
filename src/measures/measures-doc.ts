import type { Framework } from "../domain/framework/framework-schema.ts";
import { renderMeasureDescription } from "../domain/framework/measure-description.ts";
import { MEASURE_IDS } from "../domain/framework/measure-settings.ts";
import { MEASURES } from "./compute-measures.ts";
import { localMeasuresDocLines } from "./local-measures-doc.ts";
import { periodicMeasuresLines } from "./periodic-measures-doc.ts";

const COMMON_FIELDS = new Set([
  "label",
  "description",
  "domain",
  "school_levels",
  "direction",
  "in_index",
  "min_n",
]);

const DOMAIN_NAMES: Record<string, string> = {
  academic: "Academic",
  se_cc: "Social-emotional & culture-climate",
};

/** Plain names of measure parameters; a key missing here is shown as written in the file. */
const PARAMETER_NAMES: Record<string, string> = {
  subject: "Subject",
  grades: "Grades (-1 = TK, 0 = K)",
  proficient_levels: "Achievement levels counted as meeting the standard",
  reliability: "Test reliability (growth model)",
  high_school: "High-school growth",
  grade: "Grade",
  min_days_enrolled: "Minimum days enrolled at the school",
  gpa_min: "Minimum GPA",
  gpa_points: "GPA points per mark",
  attendance_min_percent: "Minimum attendance (%)",
  no_d_or_f_in: "No D or F in",
  d_or_f_marks: "Marks counted as D or F",
  no_discipline_actions: "No discipline actions of kind",
  graduate_outcomes: "Outcomes counted as graduating",
  excluded_outcomes: "Outcomes that leave the cohort",
  absence_threshold_percent: "Absent at least (% of enrolled days)",
  actions: "Discipline actions counted",
  window_end: "Reclassified no later than",
  all_students_only: "All students only (no group results)",
  constructs: "Skills (constructs)",
  min_answered_share: "Share of a skill's items a student must answer",
  participation_floor: "Participation floor (%)",
  areas: "Climate areas",
  favorable_answers: "Answers counted as favourable (1-5, after reversing)",
  respondents: "Respondent groups",
};

/** Choices the spec leaves open, stated once for every reader of the results. */
const CHOICES = [
  "A school spanning levels (e.g. K-8) is reported at each level it serves, counting at each level only the students in that level's grades (tested grade for test results, enrolled grade for enrollment measures, answering grade for surveys).",
  "Growth is estimated for each school at each level, from the students it tested in that level's grades: a K-8 school's elementary growth comes from its grade 4-5 students and its middle growth from its grade 6-8 students, two estimates with their own n, interval and shrinkage, not one copied to both levels. High-school growth is grade 11.",
  "A grade-11 student's growth since grade 8 is credited to the high schools of grades 9, 10 and 11 (a third per year, split over the schools of that year), and each high school's effect is estimated as CORE did, by a regression on fractional school indicators: it is the school's own effect, not mixed with the effects of the other schools its students attended (framework `growth.high_school_credit`).",
  "Growth compares each student with students who had the same prior scores and characteristics, and then with students in schools with a similar intake (the average prior score of the school's grade): growth that comes from whom a school serves is not credited to its teaching. How much intake alone raises growth is estimated from the differences between the grades of the same school, so a school whose good teaching raised its own students' earlier scores is not marked down for it. CORE's published method estimates it across all students instead (framework `growth.school_context: between_schools`); on synthetic networks where the truth is known (40,000 students, 3 seeds) it took part of strong schools' effects away, most in middle schools: correlation with the true effects 0.84-0.90 against 0.89-0.96 per network, and 95% intervals that contained the true effect 69-85% of the time against 89-97%, whether or not growth truly depended on intake.",
  "Each growth result has a 95% interval meant to contain the school's true effect 95% of the time. The effect is measured against the average school serving the same grades in the network, not against the whole network: growth is compared within a grade, so no model can tell whether a network's grade-6 schools as a group grew more than its grade-4 schools. The interval also carries how unsure the model is about how much schools truly differ, which matters in a network of one district: there it is wider than a large network's for the same school size.",
  "How often the 95% intervals contain the true effect, measured on synthetic networks where it is known: 92.5% (ELA) and 96.0% (math) over 11 one-district networks of 10,000 students (173 schools); 91-99% on 40,000-student networks; 94-97% on 300,000-student networks; 93-94% on a 1.2 million-student network. In one small network the share can fall well short (one 10,000-student network: 69% in ELA), because with 15-20 schools the model can mistake how much schools truly differ; the figure holds across networks, not for every one.",
  "Computing the same year again on the same data gives the same growth results to the last digit, however many processors the computer uses: every sum in the growth model is exact, not dependent on the order the computer adds the students in.",
  "Student groups come from the district's students file for the year (characteristics on census day). A student missing there still counts in All students.",
  "Results are written for every school, level and group with at least one student; below the minimum n they are marked suppressed (not shown, no level, not in the index).",
  "Chronic absence and high-school readiness count a student at a school only when their enrolled days there (added over all their stays) reach the minimum; a student who moved counts at each school where they qualify.",
  "High-school readiness judges GPA, D/F marks, attendance and discipline over the whole year at all the student's schools; GPA is the plain average of letter marks (A = 4 ... F = 0, plus and minus ignored); a student with no letter marks is not ready.",
  "Suspension counts a student at a school when that school took the action; a student enrolled at the school in grades of two levels counts at both.",
  "EL reclassification: English learners on last year's census day (with a census-day enrollment last year) who are enrolled at the school on this year's census day; reclassified means RFEP with a date after last year's census day. All students only.",
  "Survey answers are scored 1-5; reverse-coded items are scored 6 minus the answer. A respondent who answered nothing counts nowhere.",
  "The social-emotional composite is the average of the four skill averages present for the school; its n is the students with at least one skill score.",
  "Survey results appear by student group only for student respondents linked to a student id; anonymous students, staff and parents count in All students only.",
  "Participation: students against census enrollment in the surveyed grades; staff against the school's staff count (the whole school, at each level); parents against census enrollment of the level's grades (a proxy for families). Staff, and parents who did not give a grade, count at every level the school serves.",
  "Culture-climate combined: the average over respondent groups that met their floor; when none did, the average over all groups with respondents, reported without a level.",
];

/** How schools are identified, paired and grouped, as the framework sets it. */
function identificationLines(framework: Framework): string[] {
  const id = framework.identification;
  const pairing = framework.pairing;
  const share = id.focus.subgroup_component_lowest_percent;
  return [
    "## Identification, partners and communities",
    "",
    `- Priority (comprehensive support): the schools whose index score is in the lowest ${id.priority.lowest_percent}% of the network (all levels together${id.priority.title_i_only ? ", Title I schools only" : ""}), and high schools whose graduation rate is below ${id.priority.graduation_rate_below}%.`,
    `- Focus (targeted support) is a share of schools: ${share}% of the schools of ${id.focus.per === "school_level" ? "each school level" : "the network"}, taken outside priority, those with the lowest subgroup component (the index built from their accountability groups' levels). With N schools of a level, the ⌈${share}% × N⌉ lowest enter focus, and any school tied with the last of them; so about ${id.priority.lowest_percent + share}% of a level is in priority or focus. Each focus school is recorded with what triggered it: its accountability group with the lowest mean level and that group's weakest measures (\`identification.focus\`).${id.focus.subgroup_mean_level_at_or_below_priority_cutoff ? " Also in focus, beyond the share: a school with a group whose mean level is at or below the priority cut-off." : " The waiver's extra rule (any school with a group at or below the priority cut-off) is off: it has no limit, and put 39 of 66 schools of a small demo network in focus."}`,
    `- A school leaves a tier after ${id.exit_after_years_below_entry} consecutive years below its entry rule; while it is held in focus it keeps a problem of practice for its community (its weakest group's weakest measures this year). Partner-eligible: not identified, and index level at least ${id.partner_eligible.min_index_level} or mean growth level at least ${id.partner_eligible.min_growth_level}.`,
    `- Partners: every priority school is paired with a partner-eligible school of its level${pairing.keep_existing_pairs ? " (last year's pair is kept while both stay eligible)" : ""}, each partner supporting at most ${pairing.partner_capacity}, in one assignment for the network that pairs as many schools as it can. It prefers a partner within ${pairing.caliper_km} km, costing at most ${pairing.max_cost} (similar students, strong where the school is weakest, near) and stronger on the school's weakest measures. These are preferences, never walls: a school that no partner can serve within them is paired beyond them (as little beyond as possible), and its reason says which preference was widened and how far. A priority school is left without a partner only when every partner-eligible school of its level is already supporting other priority schools.`,
    "- A pairing's reason lists, under \"Stronger where this school is weakest\", only the measures where the partner's level is above the school's.",
    `- Communities of practice: focus schools of the same level${pairing.communities.cross_district ? "" : " and district"} in groups of ${pairing.communities.min_size} to ${pairing.communities.max_size}, first around a shared problem (the same group weak on the same measure), then around a shared measure (different groups weak on it). A focus school gets a community whenever another focus school of its level shares a measure with it; the only exception is a school whose every such school is in a community of ${pairing.communities.min_size} that shares nothing with it and cannot spare that member (a school is in one community), and its reason names those communities.`,
  ];
}

function formatValue(value: unknown): string {
  if (Array.isArray(value)) return value.map(formatValue).join(", ");
  if (value !== null && typeof value === "object")
    return Object.entries(value)
      .map(([k, v]) =>
        v !== null && typeof v === "object" && !Array.isArray(v)
          ? `${k.replaceAll("_", " ")} (${formatValue(v)})`
          : `${k.replaceAll("_", " ")} ${formatValue(v)}`,
      )
      .join("; ");
  return String(value);
}

/**
 * Renders docs/measures.md from a framework: each measure's plain-language definition and every
 * setting, so the document cannot drift from the file the results are computed with.
 */
export function renderMeasuresDoc(framework: Framework, source: string): string {
  const lines: string[] = [
    "# The measures",
    "",
    `<!-- Generated from ${source} by \`npm run docs\`; do not edit by hand. -->`,
    "",
    `Framework **${framework.name}** (\`${framework.id}\`, version ${framework.version}).`,
    "Every number on this page is a setting of the framework file.",
    "",
    "## At a glance",
    "",
    "| measure | domain | school levels | better | in the index | minimum n |",
    "|---|---|---|---|---|---|",
  ];
  for (const id of MEASURE_IDS) {
    const m = framework.measures[id];
    if (!m) continue;
    lines.push(
      `| ${m.label} (\`${id}\`) | ${DOMAIN_NAMES[m.domain]} | ${m.school_levels.join(", ")} | ${m.direction} | ${m.in_index ? "yes" : "no"} | ${m.min_n} |`,
    );
  }
  const levels = framework.school_levels;
  lines.push(
    "",
    "## Schools, levels and student groups",
    "",
    `- School levels by grade: elementary ${levels.elementary.grades.join(" to ")}, middle ${levels.middle.grades.join(" to ")}, high ${levels.high.grades.join(" to ")} (-1 = TK, 0 = K).`,
    `- Student groups reported: ${framework.student_groups.reporting.join(", ")}.`,
    `- Groups in a measure's index level besides All students: ${framework.student_groups.accountability.join(", ")} (LOWEST_RACE = the lowest-performing race group among ${framework.student_groups.lowest_race_group.among.join(", ")}; ties broken by ${framework.student_groups.lowest_race_group.tie_breaks.join(", then ")}).`,
    `- Minimum n: ${framework.suppression.min_n} students unless a measure says otherwise; complementary suppression ${framework.suppression.complementary ? "on" : "off"}.`,
    "",
  );
  for (const id of MEASURE_IDS) {
    const m = framework.measures[id];
    if (!m) continue;
    const metrics = MEASURES.find((measure) => measure.id === id)?.metrics(framework) ?? [id];
    lines.push(`## ${m.label} (\`${id}\`)`, "", renderMeasureDescription(m), "");
    lines.push(
      `- Domain: ${DOMAIN_NAMES[m.domain]}; school levels: ${m.school_levels.join(", ")}; ${m.direction === "higher" ? "higher is better" : "lower is better"}; ${m.in_index ? "counts in the index" : "reported, not in the index"}; minimum n ${m.min_n}.`,
    );
    lines.push(`- Results: ${metrics.map((x) => `\`${x}\``).join(", ")}.`);
    for (const [key, value] of Object.entries(m)) {
      if (COMMON_FIELDS.has(key)) continue;
      lines.push(`- ${PARAMETER_NAMES[key] ?? key}: ${formatValue(value)}.`);
    }
    lines.push("");
  }
  lines.push(...periodicMeasuresLines(framework));
  const index = framework.index;
  const cuts = framework.cut_points;
  lines.push(
    "## Levels and the index",
    "",
    `- Levels 1-10: cut points at the ${cuts.percentiles.join(", ")}th percentiles of the all-students school values in a baseline year, per measure and school level, among schools meeting the minimum n; reversed for lower-is-better measures; frozen and reused in later years. Growth scores (0-100) are cut into bins of ${cuts.growth_bin_width}.`,
    cuts.eligible_requires_participation_floor
      ? "- Which schools set the cut points of a survey measure: only those whose participation reached the floor. A school below the floor gets no level on that measure (too few answered to speak for the school), so its value does not shape the levels of the others either (`cut_points.eligible_requires_participation_floor: true`)."
      : "- Which schools set the cut points of a survey measure: every school meeting the minimum n, including those whose participation fell below the floor, although those get no level themselves (`cut_points.eligible_requires_participation_floor: false`).",
    "- A value exactly at a cut point has reached it and gets the better of the two levels (for lower-is-better measures too: a chronic absence rate equal to the cut gets the better level). So the change needed to reach the next level is exactly the distance to its cut point, and when many schools share a value at a cut (0% suspension, for instance) they all get the same, better level. This is fixed, not a setting.",
    `- Too few schools: cut points set by fewer than ${cuts.min_schools} schools (per measure and school level) are used as they are, but every run lists them as a warning ("CUT POINTS THIN", \`cut_points.min_schools\`); with so few schools a level is close to a rank among a handful of schools.`,
    cuts.when_missing === "first_year_with_values"
      ? '- No cut points: a measure and school level with no eligible school in the baseline year (EL reclassification when the first year of data is the baseline, since it needs the year before) gets its cut points from the first later year that has eligible values, frozen once into the same set with that year recorded, and every run that uses them says so ("CUT POINTS FROM A LATER YEAR"). Until such a year is computed the measure has no level and is left out of the index, and every run says so ("CUT POINTS MISSING") (`cut_points.when_missing: first_year_with_values`).'
      : '- No cut points: a measure and school level with no eligible school in the baseline year has no level and is left out of the index in every run of that cut set, and every run says so ("CUT POINTS MISSING") (`cut_points.when_missing: no_level`).',
    "- `collab compute` prints every warning of the run, and of the baseline run when it computed one; each is also in the run's manifest.",
    `- Bands: below average ${cuts.bands.below_average.join("-")}, average ${cuts.bands.average.join("-")}, above average ${cuts.bands.above_average.join("-")}.`,
    `- Domain weights: ${Object.entries(index.domain_weights)
      .map(([d, w]) => `${DOMAIN_NAMES[d]} ${w}`)
      .join(
        ", ",
      )} points; within a domain each measure with a level has equal weight, shared among the measures the school has.`,
    `- A measure's index level: ${index.measure_level.all_students} × level of All students + ${index.measure_level.subgroups} × mean level of the accountability groups meeting the minimum n (All students alone when none does).`,
    index.missing_domain === "no_index"
      ? `- A school with no measure at a level in a whole domain (for instance no academic level, as at a school without tested grades or whose results are all below the minimum n) gets no index score and no index level: an index from the other domain alone would be read as the same ${Object.values(index.domain_weights).join("/")} blend as everyone else's. Its measures are still reported, and the run lists such schools as a warning (\`index.missing_domain: no_index\`).`
      : "- A school with no measure at a level in a whole domain gets its index from the domains it has, their weights scaled up to 100 (`index.missing_domain: rescale`): for instance an index from social-emotional and culture-climate measures alone.",
    "",
    ...identificationLines(framework),
    "",
    "## Choices where the spec is silent",
    "",
    ...CHOICES.map((c) => `- ${c}`),
    "",
  );
  lines.push(...localMeasuresDocLines());
  return lines.join("\n");
}
