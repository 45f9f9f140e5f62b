/**
 * Serialises the core's own writes. Checks such as "no other customer has this ID number" read the projection
 * and then write; running those one at a time makes the check and the write behave as one step.
 */
export class WriteQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
