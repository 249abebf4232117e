/**
 * The facilitators of the improvement plans a reader may see, with their schools
 * (`GET /api/facilitators`); the web app's `Facilitator` derives from it.
 */
export const FACILITATOR_LIST = {
  type: "object",
  required: ["facilitators"],
  additionalProperties: false,
  properties: {
    facilitators: {
      type: "array",
      items: {
        type: "object",
        required: ["id", "name", "schools"],
        additionalProperties: false,
        properties: {
          id: { type: "integer" },
          name: { type: "string" },
          schools: { type: "array", items: { type: "string" } },
        },
      },
    },
  },
} as const;
