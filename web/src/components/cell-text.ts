import { isValidElement, type ReactNode } from "react";
import { ChangeNeeded, changeNeededText } from "./change-needed.tsx";
import { GrowthLevel, growthLevelText } from "./growth-level.tsx";
import { IndexScore, indexScoreText } from "./index-score.tsx";
import { LevelBadge, levelBadgeText } from "./level-badge.tsx";
import { SuppressedCell, suppressedText } from "./suppressed-cell.tsx";

type TextOf = (props: unknown) => string;

/** A component and the text it shows, typed together so their props agree. */
function shows<P>(component: (props: P) => ReactNode, text: (props: P) => string) {
  return [component, text as TextOf] as const;
}

/**
 * The components a table cell may hold whose text is not their children: each says in words
 * what it draws (a level's colour and number and band, a suppressed marker, an index score).
 */
const TEXT_OF = new Map<unknown, TextOf>([
  shows(LevelBadge, levelBadgeText),
  shows(GrowthLevel, growthLevelText),
  shows(IndexScore, indexScoreText),
  shows(SuppressedCell, suppressedText),
  shows(ChangeNeeded, changeNeededText),
]);

/**
 * The text a reader sees in a rendered cell (`ReactNode`): strings and numbers as they are, the
 * components above by their own words, any other element by its children; text only screen
 * readers hear (`sr-only`) is left out. A table's CSV download writes each cell so.
 */
export function cellText(node: ReactNode): string {
  if (node === null || node === undefined || typeof node === "boolean") return "";
  if (typeof node === "string" || typeof node === "number" || typeof node === "bigint")
    return String(node);
  if (Array.isArray(node)) return node.map(cellText).join("");
  if (!isValidElement(node)) return "";
  const props = node.props as { children?: ReactNode; className?: unknown };
  const text = TEXT_OF.get(node.type);
  if (text) return text(props);
  if (typeof props.className === "string" && props.className.split(/\s+/).includes("sr-only"))
    return "";
  return cellText(props.children);
}
