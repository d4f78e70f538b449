/**
 * Lance commits optimistically: two processes writing one table each prepare a new version, and
 * the second to commit finds the first's and either rebases (appends, most merge-inserts) or fails
 * with a commit conflict (a delete or a compaction that touched the same fragments). Such a write
 * changed nothing, so running it again is safe; after `attempts` conflicts the error stands.
 */
export async function withCommitRetries<T>(write: () => Promise<T>, attempts = 12): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= attempts || !isCommitConflict(error)) throw error;
      // Jittered backoff, so two writers that collided do not collide again in step.
      const ceiling = Math.min(1000, 10 * 2 ** attempt);
      await new Promise((resolve) => setTimeout(resolve, ceiling / 2 + Math.random() * (ceiling / 2)));
    }
  }
}

export function isCommitConflict(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /commit conflict|CommitConflict|Retryable|conflicts? with|concurrent/i.test(message);
}
