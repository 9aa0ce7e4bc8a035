/**
 * The import worker: tasks run one at a time in this process, in the order they were queued. An
 * import's state is in the database with this instance as its owner and a lease it renews; when
 * the instance dies the lease runs out and another instance's recovery marks the import failed
 * (service.recover), and the user uploads again.
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
