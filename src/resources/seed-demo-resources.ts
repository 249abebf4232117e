import type { Framework } from "../domain/framework/framework-schema.ts";
import type { WorkspaceRepositories } from "../workspace/workspace-repositories.ts";
import { readResourceDraft, resourceSearchText } from "./resource-draft.ts";
import { fileContent } from "./resource-file.ts";
import type { VersionContent } from "./resource-repository.ts";

const DAY = 86_400_000;

/** A demo version: a text file (name and content) or a link, and its notes. */
type DemoVersion = { file: string; text: string; notes: string } | { url: string; notes: string };

interface DemoResource {
  readonly fields: Record<string, string | string[]>;
  readonly versions: readonly DemoVersion[];
  /** Downloads of each version, oldest first. */
  readonly downloads: readonly number[];
  /** The stars each rater gives, in the order of the raters (fewer: fewer ratings). */
  readonly stars: readonly number[];
}

const md = (title: string, lines: readonly string[]) => `# ${title}\n\n${lines.join("\n")}\n`;

/** Ten resources districts would publish, with versions, tags, downloads and ratings. */
const DEMO: readonly DemoResource[] = [
  {
    fields: {
      title: "Chronic absence change package",
      description:
        "Home visits in the first two weeks, attendance mentors for grades 4–5 and a weekly attendance huddle: the three changes our schools adopted, with the tools and the data we watched.",
      kind: "change_package",
      grades: ["K", "1", "2", "3", "4", "5"],
      subjects: ["attendance"],
      measures: ["chronic_absence"],
      student_groups: ["SED", "EL", "HOM"],
    },
    versions: [
      {
        file: "chronic-absence-change-package.md",
        text: md("Chronic absence change package", [
          "1. Home visits by day 10 for students absent 3+ days",
          "2. Attendance mentors",
        ]),
        notes: "As tested in 2023–24",
      },
      {
        file: "chronic-absence-change-package-v2.md",
        text: md("Chronic absence change package, second edition", [
          "1. Home visits by day 10",
          "2. Attendance mentors (classroom teacher as mentor)",
          "3. Weekly attendance huddle",
        ]),
        notes: "Adds the weekly huddle; mentors are now classroom teachers",
      },
    ],
    downloads: [14, 31],
    stars: [5, 5, 4, 5],
  },
  {
    fields: {
      title: "Weekly attendance huddle protocol",
      description:
        "A 20-minute weekly meeting of the principal, counselor and attendance clerk: the agenda, the list to bring, and how to assign one adult to each student.",
      kind: "protocol",
      grades: ["K", "1", "2", "3", "4", "5", "6", "7", "8"],
      subjects: ["attendance"],
      measures: ["chronic_absence"],
      student_groups: ["ALL"],
    },
    versions: [
      {
        file: "attendance-huddle.md",
        text: md("Weekly attendance huddle", [
          "- 5 min: who crossed 10% absent",
          "- 10 min: one adult per student",
          "- 5 min: last week's follow-ups",
        ]),
        notes: "",
      },
    ],
    downloads: [22],
    stars: [4, 5, 4],
  },
  {
    fields: {
      title: "Grade 3 fractions common formative assessment",
      description:
        "Six items on unit fractions and the number line, a scoring guide and a reteach plan by error pattern.",
      kind: "assessment_module",
      grades: ["3"],
      subjects: ["math"],
      measures: ["math_performance", "math_growth"],
      student_groups: ["EL", "SWD"],
    },
    versions: [
      {
        file: "fractions-cfa.csv",
        text: "item,standard,answer,points\n1,3.NF.1,1/4,1\n2,3.NF.2,B,1\n3,3.NF.3,=,2\n",
        notes: "Items and answer key",
      },
      {
        file: "fractions-cfa-v2.csv",
        text: "item,standard,answer,points,error_pattern\n1,3.NF.1,1/4,1,counts pieces\n2,3.NF.2,B,1,whole as 1 piece\n3,3.NF.3,=,2,compares numerators\n",
        notes: "Error patterns added for the reteach plan",
      },
      {
        file: "fractions-cfa-v3.csv",
        text: "item,standard,answer,points,error_pattern,reteach\n1,3.NF.1,1/4,1,counts pieces,fraction strips\n2,3.NF.2,B,1,whole as 1 piece,number line walk\n3,3.NF.3,=,2,compares numerators,benchmark 1/2\n",
        notes: "Reteach moves for each error pattern",
      },
    ],
    downloads: [6, 9, 17],
    stars: [4, 3, 4],
  },
  {
    fields: {
      title: "Pair meeting agenda and norms",
      description:
        "The agenda our partner schools use each quarter: data first, one PDSA cycle each, what we take back. With the norms we agreed.",
      kind: "meeting_template",
      subjects: ["improvement"],
      measures: [],
      student_groups: [],
    },
    versions: [{ url: "https://docs.example.org/pair-meeting-agenda", notes: "Shared document" }],
    downloads: [19],
    stars: [5, 4],
  },
  {
    fields: {
      title: "Empathy interview protocol for English learner families",
      description:
        "Questions in English and Spanish, how to invite families, and how to code what they tell you before choosing a change idea.",
      kind: "protocol",
      subjects: ["eld", "climate"],
      measures: ["el_redesignation", "culture_climate"],
      student_groups: ["EL", "RFEP"],
    },
    versions: [
      {
        file: "empathy-interviews.md",
        text: md("Empathy interviews with EL families", [
          "1. What helps your child come to school?",
          "2. ¿Qué ayuda a su hijo a venir a la escuela?",
        ]),
        notes: "",
      },
      {
        file: "empathy-interviews-v2.md",
        text: md("Empathy interviews with EL families", [
          "1. What helps your child come to school?",
          "2. ¿Qué ayuda a su hijo a venir a la escuela?",
          "3. Coding sheet",
        ]),
        notes: "Coding sheet added",
      },
    ],
    downloads: [4, 11],
    stars: [5],
  },
  {
    fields: {
      title: "ELA growth data meeting template",
      description:
        "A 45-minute grade-level meeting on the growth report: which students grew less than students like them, and what we try next.",
      kind: "meeting_template",
      grades: ["6", "7", "8"],
      subjects: ["ela"],
      measures: ["ela_growth"],
      student_groups: ["ALL", "SWD"],
    },
    versions: [
      {
        file: "ela-growth-meeting.md",
        text: md("ELA growth data meeting", ["- Read the growth table", "- Pick one group"]),
        notes: "",
      },
    ],
    downloads: [8],
    stars: [3, 4],
  },
  {
    fields: {
      title: "Suspension alternatives: restorative circles starter kit",
      description:
        "Scripts for community-building and repair circles, a referral flow chart and the tracking sheet our middle schools used to cut suspensions.",
      kind: "change_package",
      grades: ["6", "7", "8"],
      subjects: ["sel", "climate"],
      measures: ["suspension"],
      student_groups: ["AA", "SWD", "FOS"],
    },
    versions: [{ url: "https://docs.example.org/restorative-circles", notes: "Folder of scripts" }],
    downloads: [12],
    stars: [4, 4, 5],
  },
  {
    fields: {
      title: "Graduation on-track monitoring sheet",
      description:
        "A spreadsheet layout for counselors: credits by term, A–G status and who to see this week.",
      kind: "data_tool",
      grades: ["9", "10", "11", "12"],
      subjects: ["improvement"],
      measures: ["graduation", "hs_readiness"],
      student_groups: ["ALL", "FOS", "HOM"],
    },
    versions: [
      {
        file: "on-track-sheet.csv",
        text: "student_id,grade,credits_earned,credits_expected,a_g_on_track,counselor\n",
        notes: "Column layout (no student data)",
      },
    ],
    downloads: [5],
    stars: [],
  },
  {
    fields: {
      title: "Math distance-from-standard item analysis guide",
      description:
        "How to read distance from standard by claim and target, and a one-page protocol for a department meeting.",
      kind: "protocol",
      grades: ["6", "7", "8"],
      subjects: ["math"],
      measures: ["math_distance_from_standard"],
      student_groups: ["EL", "SED"],
    },
    versions: [
      {
        file: "dfs-item-analysis.md",
        text: md("Distance from standard: item analysis", ["1. By claim", "2. By target"]),
        notes: "",
      },
    ],
    downloads: [3],
    stars: [3],
  },
  {
    fields: {
      title: "Social-emotional skills survey administration guide",
      description:
        "When and how to give the student survey, the script for teachers, and how to share results with students.",
      kind: "other",
      grades: ["4", "5", "6", "7", "8", "9", "10", "11", "12"],
      subjects: ["sel"],
      measures: ["sel_skills", "culture_climate"],
      student_groups: [],
    },
    versions: [
      { url: "https://docs.example.org/sel-survey-guide", notes: "" },
      { url: "https://docs.example.org/sel-survey-guide-2025", notes: "2025 window dates" },
    ],
    downloads: [7, 2],
    stars: [4],
  },
];

/** Repositories whose clock reads `when` (so each record carries the date it would have had). */
export type DatedRepositories = (when: Date) => WorkspaceRepositories;

/**
 * The shared-resource library's demo (issue #18 point 6): ten resources from the districts given
 * in turn (each published by an account of its district when there is one, else by the hub for
 * it), with versions a few weeks apart from `start`, per-version downloads and ratings by the
 * accounts there are. Once: nothing is seeded when the library holds anything. Answers how many
 * were made.
 */
export async function seedDemoResources(
  repos: WorkspaceRepositories,
  dated: DatedRepositories,
  framework: Framework,
  input: { districts: readonly string[]; hubId: number; start: Date },
): Promise<number> {
  if ((await repos.resources.search({ limit: 1 })).total > 0 || input.districts.length === 0) {
    return 0;
  }
  const users = await repos.users.list({});
  const raters = users.filter((u) => u.disabledAt === null).map((u) => u.id);
  const measures = new Set(Object.keys(framework.measures));
  let made = 0;
  for (const [i, demo] of DEMO.entries()) {
    const district = input.districts[i % input.districts.length] ?? null;
    const publisher =
      users.find((u) => u.districtCode === district && u.role === "district_admin") ??
      users.find((u) => u.districtCode === district);
    const by = publisher?.id ?? input.hubId;
    // Only the tags the framework knows (a framework without a measure drops its tag).
    const fields = {
      ...demo.fields,
      measures: [demo.fields.measures ?? []].flat().filter((m) => measures.has(m)),
    };
    const draft = readResourceDraft(fields, framework);
    const content = (v: DemoVersion): VersionContent =>
      "url" in v
        ? { url: v.url }
        : fileContent(v.file, new TextEncoder().encode(v.text), Number.MAX_SAFE_INTEGER);
    const at = (k: number) => new Date(input.start.getTime() + (i * 9 + k * 23) * DAY);
    const [first, ...later] = demo.versions;
    if (!first) continue;
    const r = await dated(at(0)).resources.publish({
      ...draft,
      districtCode: district,
      searchText: resourceSearchText(draft, framework),
      createdBy: by,
      firstVersion: { content: content(first), notes: first.notes, createdBy: by },
    });
    const versionIds = [r.current.id];
    for (const [k, v] of later.entries()) {
      const added = await dated(at(k + 1)).resources.addVersion(r.id, {
        content: content(v),
        notes: v.notes,
        createdBy: by,
      });
      versionIds.push(added.id);
    }
    for (const [k, n] of demo.downloads.entries()) {
      const id = versionIds[k];
      if (id !== undefined) for (let d = 0; d < n; d++) await repos.resources.countDownload(id);
    }
    for (const [k, stars] of demo.stars.entries()) {
      const rater = raters[(i + k) % Math.max(1, raters.length)];
      if (rater !== undefined) await dated(at(2)).resources.rate(r.id, rater, stars);
    }
    made++;
  }
  return made;
}
