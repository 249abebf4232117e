/** One submission: the files of one district for one school year, in one folder. */
export interface Submission {
  /** Folder holding the CSV files. */
  readonly dir: string;
  /** 7-digit county-district code, from the folder path. */
  readonly districtCode: string;
  /** School year (spring), from the folder path. */
  readonly year: number;
  /** File names in the folder (every file, known or not), sorted. */
  readonly files: readonly string[];
}

/** "0123456/2024": how reports and progress name a submission. */
export function submissionLabel(submission: Pick<Submission, "districtCode" | "year">): string {
  return `${submission.districtCode}/${submission.year}`;
}
