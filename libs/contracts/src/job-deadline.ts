/**
 * Start of the failure reason of a job dropped unscored because its deadline had passed. The
 * gateway reads it to tell such a job (nobody waited for it: its documents are unscored) from
 * one that failed for real.
 */
export const DEADLINE_PASSED = 'deadline passed';

/** The failure reason of a job, or part of one, dropped `lateByMs` after its deadline. */
export function deadlinePassedReason(lateByMs: number): string {
  return `${DEADLINE_PASSED} ${lateByMs} ms before scoring`;
}

/** Whether a failed job's reason says it was dropped for its deadline. */
export function isDeadlinePassedReason(reason: string): boolean {
  return reason.startsWith(DEADLINE_PASSED);
}
