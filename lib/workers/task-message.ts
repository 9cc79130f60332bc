import type { MessagePort } from "node:worker_threads";

/** What a thread receives: the input, and a port on which it says it has started (its budget runs from then). */
export interface TaskMessage<I> {
  input: I;
  started: MessagePort;
}

/** A task as a pool thread exports it: it says it has started, then runs. */
export function saysWhenStarted<I, O>(task: (input: I) => O): (message: TaskMessage<I>) => O {
  return ({ input, started }) => {
    started.postMessage("started");
    started.close();
    return task(input);
  };
}
