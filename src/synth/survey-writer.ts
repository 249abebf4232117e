import { join } from "node:path";
import type { RespondentType } from "../domain/codes.ts";
import { surveyItemsTable } from "../domain/format/survey-items.ts";
import { surveyRespondentsTable } from "../domain/format/survey-respondents.ts";
import { surveyResponsesTable } from "../domain/format/survey-responses.ts";
import { CsvFileWriter, csvText } from "./csv-file-writer.ts";
import type { SynthSchool } from "./network-layout.ts";
import { PARTICIPATION, SEL_LINK_SHARE, SKIP_RATE, SURVEY } from "./parameters.ts";
import type { Random } from "./random.ts";
import type { StudentPopulation } from "./student-population.ts";
import { itemsFor, SURVEY_ITEMS, type SurveyItem } from "./survey-catalogue.ts";

const columnsOf = (spec: { columns: readonly { name: string }[] }): string[] =>
  spec.columns.map((c) => c.name);

/** Students enrolled at a school on survey day (all grades; students in grades 4–12 answer). */
export interface SurveyFrame {
  readonly school: SynthSchool;
  readonly students: number[];
  readonly staffCount: number;
}

const STUDENT_ITEMS = itemsFor("student");
const STAFF_ITEMS = itemsFor("staff");
const PARENT_ITEMS = itemsFor("parent");

/**
 * Writes survey_items.csv, survey_respondents.csv and survey_responses.csv for one submission.
 * Participation varies by school; respondent ids are opaque (numbered after shuffling within the
 * school); student SEL respondents carry the confidential student_id link.
 */
export function writeSurveys(
  dir: string,
  frames: readonly SurveyFrame[],
  population: StudentPopulation,
  rng: Random,
): Record<string, number> {
  const items = new CsvFileWriter(join(dir, surveyItemsTable.file), columnsOf(surveyItemsTable));
  for (const item of SURVEY_ITEMS) {
    items.write(
      [
        item.id,
        item.instrument,
        item.construct,
        item.respondentType,
        item.reverseCoded ? "Y" : "N",
        csvText(item.text),
      ].join(","),
    );
  }
  items.close();
  const respondents = new CsvFileWriter(
    join(dir, surveyRespondentsTable.file),
    columnsOf(surveyRespondentsTable),
  );
  const responses = new CsvFileWriter(
    join(dir, surveyResponsesTable.file),
    columnsOf(surveyResponsesTable),
  );
  let counter = 0;
  for (const frame of frames) {
    const { school } = frame;
    const studentRate = rng.uniform(PARTICIPATION.student.min, PARTICIPATION.student.max);
    const staffRate = rng.uniform(PARTICIPATION.staff.min, PARTICIPATION.staff.max);
    const parentRate = rng.uniform(PARTICIPATION.parent.min, PARTICIPATION.parent.max);
    // Entries: student index ≥ 0 for students, -2 - child for parents, -1 for staff.
    const entries: number[] = [];
    for (const i of frame.students) {
      if (population.grade[i]! >= 4 && rng.bernoulli(studentRate)) entries.push(i);
      if (rng.bernoulli(parentRate)) entries.push(-2 - i);
    }
    const staff = Math.round(frame.staffCount * staffRate);
    for (let k = 0; k < staff; k++) entries.push(-1);
    rng.shuffle(entries);
    for (const entry of entries) {
      counter++;
      const id = `R${String(counter).padStart(7, "0")}`;
      const type: RespondentType = entry >= 0 ? "student" : entry === -1 ? "staff" : "parent";
      const student = entry >= 0 ? entry : entry <= -2 ? -2 - entry : -1;
      let grade = "";
      let link = "";
      if (type === "student") {
        grade = String(population.grade[student]!);
        if (rng.bernoulli(SEL_LINK_SHARE)) link = String(population.id[student]!);
      } else if (type === "parent" && rng.bernoulli(0.85))
        grade = String(population.grade[student]!);
      respondents.write(`${id},${school.code},${type},${grade},${link}`);
      const respondent = SURVEY.respondentSd * rng.normal();
      const climate = SURVEY.schoolClimateSd * school.climate;
      const list =
        type === "student" ? STUDENT_ITEMS : type === "staff" ? STAFF_ITEMS : PARENT_ITEMS;
      for (const item of list) {
        if (rng.bernoulli(SKIP_RATE)) continue;
        const latent = answerLatent(
          item,
          type,
          climate,
          respondent,
          student >= 0 ? population.sel[student]! : 0,
        );
        const favorable = Math.min(
          5,
          Math.max(1, Math.round(latent + SURVEY.itemNoiseSd * rng.normal())),
        );
        responses.write(`${id},${item.id},${item.reverseCoded ? 6 - favorable : favorable}`);
      }
    }
  }
  respondents.close();
  responses.close();
  return {
    [surveyItemsTable.file]: items.rows,
    [surveyRespondentsTable.file]: respondents.rows,
    [surveyResponsesTable.file]: responses.rows,
  };
}

/** The expected favorable answer (before item noise and reverse coding). */
function answerLatent(
  item: SurveyItem,
  type: RespondentType,
  climate: number,
  respondent: number,
  sel: number,
): number {
  if (item.instrument === "SEL")
    return SURVEY.centre + 0.55 * sel + 0.4 * climate + 0.5 * respondent;
  if (type === "student") return SURVEY.centre + climate + 0.2 * sel + respondent;
  if (type === "staff") return SURVEY.centre + 0.25 + 1.2 * climate + respondent;
  return SURVEY.centre + 0.45 + 0.8 * climate + respondent;
}
