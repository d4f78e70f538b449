/** Where one slice of a query's candidates goes: candidates [start, end) into batch `batch`. */
export interface BatchSlice {
  batch: number;
  start: number;
  end: number;
}

/**
 * Packs a job's queries, in upload order, into batches of about `pairsPerBatch` pairs. A query
 * that fits the batch being filled joins it; one that does not starts the next batch; one larger
 * than a whole batch is split into near-equal parts over consecutive batches (64 + 36 would
 * leave a straggler, 50 + 50 does not). Deterministic: the same queries always give the same
 * batches, so the upload's validation pass and its enqueue pass agree on every batch number.
 */
export class BatchPlanner {
  private current = -1;
  private fill = 0;

  constructor(private readonly pairsPerBatch: number) {
    if (!Number.isInteger(pairsPerBatch) || pairsPerBatch < 1)
      throw new Error(`pairsPerBatch must be a positive integer, got ${pairsPerBatch}`);
  }

  /** Batches opened so far. */
  get batches(): number {
    return this.current + 1;
  }

  /**
   * Places the next query's candidates; the slices cover [0, candidates) in order. A query with
   * no candidates gets one empty slice in the batch being filled, so it is still listed there.
   */
  place(candidates: number): BatchSlice[] {
    if (candidates <= this.pairsPerBatch) {
      if (this.current < 0 || this.fill + candidates > this.pairsPerBatch) this.open();
      this.fill += candidates;
      return [{ batch: this.current, start: 0, end: candidates }];
    }
    const parts = Math.ceil(candidates / this.pairsPerBatch);
    const size = Math.floor(candidates / parts);
    const larger = candidates % parts;
    const slices: BatchSlice[] = [];
    let start = 0;
    for (let part = 0; part < parts; part++) {
      if (this.current < 0 || this.fill > 0) this.open();
      const end = start + size + (part < larger ? 1 : 0);
      slices.push({ batch: this.current, start, end });
      this.fill = end - start;
      start = end;
    }
    return slices;
  }

  private open(): void {
    this.current++;
    this.fill = 0;
  }
}
