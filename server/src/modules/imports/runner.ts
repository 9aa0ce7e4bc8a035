/**
 * The import worker: tasks run one at a time in this process, in the order they were queued. An
 * import's file lives on this instance's storage and its state in the database, so a restart
 * marks unfinished imports failed (service.recover) and the user uploads again.
 */
export interface ImportRunner {
  enqueue(task: () => Promise<void>): void;
  /** Resolves once every queued task has finished (tests, shutdown). */
  idle(): Promise<void>;
}

export function createImportRunner(onError: (error: unknown) => void): ImportRunner {
  let chain: Promise<void> = Promise.resolve();
  return {
    enqueue(task) {
      chain = chain.then(task).catch(onError);
    },
    idle: () => chain,
  };
}
