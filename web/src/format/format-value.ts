/** A measure's values as people read them: the same formatter the server's sentences use. */
export {
  formatChange,
  formatIndex,
  formatValue,
  signed,
  unitOf,
} from "../../../src/domain/framework/measure-format.ts";
