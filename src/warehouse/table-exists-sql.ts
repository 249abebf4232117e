/** Whether the warehouse has a table (`?`: its name): one row, `n` 0 or 1. */
export const TABLE_EXISTS_SQL =
  "SELECT count(*) AS n FROM information_schema.tables WHERE table_name = ?";
