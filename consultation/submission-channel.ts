/**
 * How an answer was handed in: through the government's portal (regjeringen.no), by e-mail, or
 * otherwise. Pure, so the submission form's browser code can list the channels without the schema.
 */
export const SUBMISSION_CHANNELS = ["regjeringen", "email", "other"] as const;
export type SubmissionChannel = (typeof SUBMISSION_CHANNELS)[number];
