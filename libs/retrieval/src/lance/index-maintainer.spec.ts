import { Table } from '@lancedb/lancedb';
import { IndexMaintainer } from './index-maintainer';

/** A table whose optimize() calls finish only when the test says so. */
function controlledTable() {
  const finishers: (() => void)[] = [];
  let finished = 0;
  const table = {
    optimize: () =>
      new Promise<void>((resolve) =>
        finishers.push(() => {
          finished++;
          resolve();
        }),
      ),
  } as unknown as Table;
  return { table, finishers, finished: () => finished };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('IndexMaintainer', () => {
  it('flush waits for the optimize of a write made while an earlier optimize ran, even when a timer started it', async () => {
    const { table, finishers, finished } = controlledTable();
    const maintainer = new IndexMaintainer({ delayMs: 0, maxDelayMs: 0, inlineMaxRows: 0, log: () => undefined });
    maintainer.noteWrite('c', table);
    await new Promise((resolve) => setTimeout(resolve, 5)); // the timer starts optimize #1
    expect(finishers).toHaveLength(1);
    maintainer.noteWrite('c', table); // written during optimize #1
    await new Promise((resolve) => setTimeout(resolve, 5)); // its timer now waits for #1
    let flushed = false;
    const flushing = maintainer.flush().then(() => (flushed = true));
    finishers[0](); // #1 ends; the timer's run starts #2 for the second write
    await tick();
    await tick();
    expect(finishers).toHaveLength(2);
    expect(flushed).toBe(false);
    finishers[1]();
    await flushing;
    expect(finished()).toBe(2);
  });
});
