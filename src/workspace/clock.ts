/** The current time. Repositories and auth take one so tests can set the time. */
export type Clock = () => Date;

/** Production clock. */
export const systemClock: Clock = () => new Date();
