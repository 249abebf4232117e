import type { WorkspaceRepositories } from "../workspace/workspace-repositories.ts";
import type { PdsaDecision } from "../workspace/workspace-schema.ts";

/** A change idea tested in the demo, with how its cycle went. */
interface DemoIdea {
  readonly title: string;
  readonly changeIdea: string;
  readonly question: string;
  readonly prediction: string;
  readonly what: string;
  readonly where: string;
  readonly when: string;
  readonly data: string;
  readonly happened: string;
  readonly results: string;
  readonly decision: PdsaDecision;
  /** What a partner took from it, in the partner's words. */
  readonly taken: string;
}

const ATTENDANCE: readonly DemoIdea[] = [
  {
    title: "Attendance mentors",
    changeIdea:
      "Pair each chronically absent student in grades 4-5 with an adult mentor who checks in every morning",
    question:
      "Does a daily adult check-in cut absences among students already missing 10% of days?",
    prediction: "The group's absence rate falls by a third within six weeks",
    what: "Two-minute morning check-in; a postcard home after each week of full attendance",
    where: "Grades 4 and 5",
    when: "Six weeks, October to November",
    data: "Weekly absence rate of the mentored group; mentor log of check-ins made",
    happened:
      "Mentors missed check-ins on days with a substitute; the postcards were popular with families.",
    results:
      "The group's absence rate fell from about 16% to 11%, a little less than predicted; it fell most where the mentor was the classroom teacher.",
    decision: "adopt",
    taken: "Their morning check-in by the classroom teacher, which we had tried with office staff",
  },
  {
    title: "Welcome-back conversation",
    changeIdea:
      "A short, warm conversation with the student on the first morning after any absence of 2+ days",
    question:
      "Do students absent 2+ days miss fewer days in the following month after a welcome-back talk?",
    prediction: "Repeat absences in the following month drop by a quarter",
    what: "Script of three questions; the counsellor or teacher logs barriers named",
    where: "Whole school",
    when: "One month",
    data: "Students absent 2+ days; their absences in the next four weeks",
    happened:
      "Teachers said the script felt stiff; barriers named most were transport and siblings' care.",
    results: "Repeat absences fell only slightly; the barrier log was the useful part.",
    decision: "adapt",
    taken: "The three-question welcome-back script and their barrier log",
  },
  {
    title: "Attendance letters in plain language",
    changeIdea:
      "Rewrite the truancy letter as a friendly note showing days missed against the class average",
    question: "Does a plain-language letter reduce absences more than the legal notice?",
    prediction:
      "Families receiving the new letter reduce absences more than last year's comparable group",
    what: "One-page letter in English and Spanish",
    where: "All families reaching 5 absences",
    when: "Eight weeks",
    data: "Absences in the four weeks after the letter, this year against last",
    happened: "Sent on time; several families called the office to ask what they could do.",
    results:
      "No clear difference from last year's group; families found the legal notice frightening, not helpful.",
    decision: "abandon",
    taken: "Their finding that the letter alone changed little: we went straight to phone calls",
  },
];

const DISCIPLINE: readonly DemoIdea[] = [
  {
    title: "Restorative circles",
    changeIdea:
      "A weekly restorative circle in each classroom, and a repair conversation before any referral returns to class",
    question: "Do weekly circles reduce repeat office referrals?",
    prediction: "Repeat referrals fall by a fifth over the quarter",
    what: "Weekly 20-minute circle; repair conversation guide",
    where: "Grades 6 and 7",
    when: "One quarter",
    data: "Office referrals per week; repeat referrals",
    happened:
      "Circles ran in most classrooms; two teachers stopped after three weeks for lack of time.",
    results:
      "Repeat referrals fell by about a quarter where circles ran every week, and not elsewhere.",
    decision: "adopt",
    taken: "Their repair conversation guide, used before a student returns to class",
  },
  {
    title: "Calm corner before referral",
    changeIdea: "A calm corner and a five-minute reset before any classroom removal",
    question: "Does a reset option cut removals for minor disruptions?",
    prediction: "Removals for disruption fall by a third",
    what: "A corner in each room, a timer, a reflection card",
    where: "Two classrooms per grade",
    when: "Four weeks",
    data: "Removals by reason, per week",
    happened: "Used often in grade 6, rarely in grade 8 where students found it childish.",
    results: "Removals fell in grade 6, not in grade 8.",
    decision: "adapt",
    taken: "Their reset card, reworded for older students",
  },
];

const ACADEMICS: readonly DemoIdea[] = [
  {
    title: "Small-group reteach",
    changeIdea: "Twice-weekly 20-minute reteach groups formed from each Friday's exit tickets",
    question: "Do reteach groups raise the share of students passing the next unit check?",
    prediction: "The share passing the unit check rises by ten points",
    what: "Exit tickets every Friday; groups of four to six",
    where: "Grade 4 mathematics",
    when: "Two units",
    data: "Unit check pass rate, by class",
    happened: "Groups were formed on time; the intervention block was lost to assemblies twice.",
    results: "Pass rates rose by about eight points, close to the prediction.",
    decision: "adopt",
    taken: "Their Friday exit-ticket routine and the way they form groups in ten minutes",
  },
  {
    title: "Vocabulary routine",
    changeIdea: "A daily five-minute academic vocabulary routine with sentence frames",
    question: "Does explicit vocabulary teaching lift written responses for English learners?",
    prediction: "More written responses meet the rubric's language row",
    what: "Five words a week, frames on the wall",
    where: "Grades 3-5 English language arts",
    when: "Six weeks",
    data: "Rubric scores on weekly written responses",
    happened: "Teachers kept the routine; the frames were used most in grade 3.",
    results: "Scores on the language row rose in grade 3; grades 4-5 changed little.",
    decision: "adapt",
    taken: "Their sentence frames, which we printed for every grade 3 room",
  },
];

const GENERAL: readonly DemoIdea[] = [
  {
    title: "Monday data huddle",
    changeIdea:
      "A ten-minute Monday huddle per grade to review last week's data and name who needs support",
    question: "Does a weekly huddle get help to students sooner?",
    prediction: "Students flagged are contacted within a week, most of the time",
    what: "One-page data sheet; a named adult per flagged student",
    where: "All grades",
    when: "Eight weeks",
    data: "Days from flag to first contact",
    happened: "Huddles happened most weeks; the data sheet took the office too long to prepare.",
    results: "Most flagged students were contacted within a week, as predicted.",
    decision: "adopt",
    taken: "Their one-page data sheet for the Monday huddle",
  },
];

/** The ideas a plan's schools try, from its first problem's measure. */
function ideasFor(metric: string | undefined): readonly DemoIdea[] {
  if (metric === "chronic_absence") return ATTENDANCE;
  if (metric === "suspension") return DISCIPLINE;
  if (metric && /^(ela|math)_|el_redesignation/.test(metric)) return ACADEMICS;
  return [...GENERAL, ...ATTENDANCE];
}

/**
 * Seeds the demo's two-way learning and fills the change-idea library: in each plan (made by
 * `seedDemoPlans`), each school completes one more cycle with a change idea suited to the plan's
 * problem of practice (adopted, adapted or abandoned), and records what it took from a partner
 * and what it gave, tied to the partner's cycle or to a meeting held. No student names. Does
 * nothing when any learning entry exists; returns the entries made.
 */
export async function seedDemoLearning(
  repos: WorkspaceRepositories,
  input: { facilitatorId: number; year: number; start?: Date },
): Promise<number> {
  // The plans' work began on `start` (default: 1 September after the run's year).
  const start = input.start ?? new Date(Date.UTC(input.year, 8, 1));
  const dayOf = (months: number, dayOfMonth: number) =>
    new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + months, dayOfMonth))
      .toISOString()
      .slice(0, 10);
  const plans = await repos.plans.list();
  for (const plan of plans) {
    if ((await repos.learning.listForPlan(plan.id)).length > 0) return 0;
  }
  let made = 0;
  for (const [pi, plan] of plans.entries()) {
    const problems = await repos.planSections.problems(plan.id);
    const ideas = ideasFor(problems[0]?.metric);
    const meetings = (await repos.meetings.listForPlan(plan.id)).filter((m) => m.held);
    const schools = plan.schools;
    const tried = [];
    for (const [si, school] of schools.entries()) {
      const idea = ideas[(pi + si) % ideas.length]!;
      const cycle = await repos.pdsaCycles.start({
        planId: plan.id,
        schoolCode: school.schoolCode,
        title: idea.title,
        changeIdea: idea.changeIdea,
        question: idea.question,
        prediction: idea.prediction,
        who: "School team",
        what: idea.what,
        when: idea.when,
        where: idea.where,
        dataToCollect: idea.data,
        dueOn: dayOf(3, 10 + si),
        createdBy: input.facilitatorId,
      });
      await repos.pdsaCycles.update(cycle.id, {
        ranAsPlanned: idea.decision !== "abandon",
        whatHappened: idea.happened,
        results: idea.results,
        decision: idea.decision,
      });
      tried.push({ school, idea, cycleId: cycle.id });
    }
    if (schools.length < 2) continue;
    for (const [si, mine] of tried.entries()) {
      const partner = tried[(si + 1) % tried.length]!;
      const meeting = meetings[si % Math.max(1, meetings.length)];
      const month = 1 + (si % 3);
      await repos.learning.add({
        planId: plan.id,
        schoolCode: mine.school.schoolCode,
        direction: "took",
        partnerCode: partner.school.schoolCode,
        entryDate: dayOf(month, 8 + si),
        text: `${partner.idea.taken}. We tried it in one grade first.`,
        cycleId: partner.cycleId,
        createdBy: input.facilitatorId,
      });
      await repos.learning.add({
        planId: plan.id,
        schoolCode: mine.school.schoolCode,
        direction: "gave",
        partnerCode: partner.school.schoolCode,
        entryDate: dayOf(month, 15 + si),
        text: `Walked ${partner.school.schoolName}'s team through our "${mine.idea.title}" cycle: the plan, the data sheet, and what we would do differently.`,
        meetingId: meeting?.id ?? null,
        createdBy: input.facilitatorId,
      });
      made += 2;
    }
  }
  return made;
}
