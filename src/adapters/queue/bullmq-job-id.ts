/**
 * Our job ids (`claim.expire:<claimId>:<n>`, `outbox.sweep:<bucket>`, message ids...) as BullMQ
 * custom ids. BullMQ refuses custom ids that contain ':' (unless they split into exactly three
 * parts, its legacy repeatable-job form) and ids that look like integers (they would clash with
 * its own counter ids). The encoding is injective, so two different ids of ours never dedupe
 * against each other:
 * - '%' -> '%25' and ':' -> '%3A' (percent-encoding of just those two characters);
 * - an id that still reads as an integer gets the prefix '%N', which the step above never
 *   produces (it only emits '%25' and '%3A').
 * The original id travels in the job data, so handlers see it unchanged (JobContext.jobId).
 */
export function encodeJobId(id: string): string {
  const escaped = id.replace(/%/g, '%25').replace(/:/g, '%3A');
  return `${parseInt(escaped, 10)}` === escaped ? `%N${escaped}` : escaped;
}

/** The inverse of encodeJobId (for tools that list BullMQ jobs). */
export function decodeJobId(encoded: string): string {
  const body = encoded.startsWith('%N') ? encoded.slice(2) : encoded;
  return body.replace(/%3A/g, ':').replace(/%25/g, '%');
}
