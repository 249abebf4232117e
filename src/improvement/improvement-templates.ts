import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { z } from "zod";
import { FrameworkError } from "../domain/framework/load-framework.ts";

const KEY = z.string().regex(/^[a-z0-9_]{1,40}$/, "a key of a-z, 0-9 and _");

const checklistSchema = z
  .object({
    id: KEY.or(z.string().regex(/^[a-z0-9-]{1,60}$/)),
    version: z.number().int().min(1),
    title: z.string().min(1),
    items: z
      .array(z.object({ key: KEY, label: z.string().min(1), prompt: z.string().min(1) }).strict())
      .min(1),
  })
  .strict();

const protocolsSchema = z
  .object({
    id: z.string().min(1),
    version: z.number().int().min(1),
    title: z.string().min(1),
    protocols: z
      .array(
        z
          .object({
            key: KEY,
            label: z.string().min(1),
            purpose: z.string().min(1),
            agenda: z
              .array(
                z
                  .object({ item: z.string().min(1), minutes: z.number().int().min(1).max(240) })
                  .strict(),
              )
              .min(1),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

/** A plan checklist template (the turnaround principles), versioned: plans keep id and version. */
export type ChecklistTemplate = z.infer<typeof checklistSchema>;
/** The meeting protocols an agenda is built from. */
export type MeetingProtocols = z.infer<typeof protocolsSchema>;
export type MeetingProtocol = MeetingProtocols["protocols"][number];

/** The workspace's templates: data files, not code. */
export interface ImprovementTemplates {
  readonly checklist: ChecklistTemplate;
  readonly protocols: MeetingProtocols;
}

/** Where the templates are by default (beside the framework files). */
export const DEFAULT_TEMPLATE_DIR = "frameworks/improvement";

function parseYaml<T>(text: string, file: string, schema: z.ZodType<T>): T {
  const document = parseDocument(text);
  if (document.errors.length > 0) {
    throw new FrameworkError(
      file,
      document.errors.map((e) => ({
        path: e.linePos ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : "",
        message: `YAML syntax: ${e.message.split("\n")[0]}`,
        value: undefined,
      })),
    );
  }
  const raw: unknown = document.toJS();
  const result = schema.safeParse(raw);
  if (!result.success) {
    throw new FrameworkError(
      file,
      result.error.issues.map((i) => ({
        path: i.path.map(String).join("."),
        message: i.message,
        value: i.path.reduce<unknown>(
          (v, k) =>
            v !== null && typeof v === "object"
              ? (v as Record<string, unknown>)[String(k)]
              : undefined,
          raw,
        ),
      })),
    );
  }
  const keys = new Set<string>();
  const list =
    "items" in (result.data as object)
      ? (result.data as ChecklistTemplate).items
      : (result.data as MeetingProtocols).protocols;
  list.forEach((entry, i) => {
    if (keys.has(entry.key)) {
      throw new FrameworkError(file, [
        {
          path: `${"items" in (result.data as object) ? "items" : "protocols"}.${i}.key`,
          message: "key used twice",
          value: entry.key,
        },
      ]);
    }
    keys.add(entry.key);
  });
  return result.data;
}

/** Parses a checklist template's YAML; `file` names it in errors. */
export function parseChecklistTemplate(text: string, file: string): ChecklistTemplate {
  return parseYaml(text, file, checklistSchema);
}

/** Parses the meeting protocols' YAML; `file` names it in errors. */
export function parseMeetingProtocols(text: string, file: string): MeetingProtocols {
  return parseYaml(text, file, protocolsSchema);
}

/** Reads the templates from `dir` (`readFile` passed in, the file system by default). */
export function loadImprovementTemplates(
  dir: string = DEFAULT_TEMPLATE_DIR,
  readFile: (path: string) => string = (p) => readFileSync(p, "utf8"),
): ImprovementTemplates {
  const checklistFile = join(dir, "turnaround-principles.yaml");
  const protocolsFile = join(dir, "meeting-protocols.yaml");
  return {
    checklist: parseChecklistTemplate(readFile(checklistFile), checklistFile),
    protocols: parseMeetingProtocols(readFile(protocolsFile), protocolsFile),
  };
}

/** A protocol's agenda as the meeting stores it: one line per item, with its minutes. */
export function agendaOf(protocol: MeetingProtocol): string {
  return protocol.agenda.map((a) => `${a.item} (${a.minutes} min)`).join("\n");
}
