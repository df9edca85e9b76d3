/**
 * What a client adapter (one file per messaging client in this folder) is
 * given and what it provides. install.ts matches every CommonJS file Node
 * compiles against the adapters' files and hands a match's exports to
 * `patch`, once per file; the adapter wraps the client's publish and consume
 * methods on the exported prototypes and talks to the flow table only
 * through FlowHooks. docs/flows.md says what each client supports.
 */

/** The profiled program's module object for a compiled file. */
export interface CompiledModule {
  exports: unknown;
  /** The module's own require: an adapter loads the client's sibling files through it (already loaded, so no side effect). */
  require(id: string): unknown;
}

export interface ClientAdapter {
  /** The npm package, e.g. `amqplib`. */
  readonly packageName: string;
  /** The package's files to patch, relative to its directory, with `/`: `lib/channel_model.js`. */
  readonly files: readonly string[];
  /** The package versions the adapter was written and tested against: [lowest, first unsupported], both `major.minor.patch`. */
  readonly versions: readonly [string, string];
  /** Wraps the file's exported prototypes. May throw: the file then runs unpatched and tsprof says so once. */
  patch(file: string, module: CompiledModule, hooks: FlowHooks): void;
}

/**
 * The flow table as adapters see it. Every method is safe to call from a
 * probe: none throws on a bad marker or argument, and none calls the
 * program's code except the handler `handle` is asked to call.
 */
export interface FlowHooks {
  /**
   * Counts one message that the running code publishes to `destination`
   * (OpenTelemetry `messaging.destination.name`) and returns the marker value
   * to put in its `tsprof-flow` header. `ownHeaders`: the message had
   * headers of its own (false when the adapter made the container).
   */
  publishing(system: string, destination: string, ownHeaders: boolean): string;
  /** The publish counted by `publishing` threw, synchronously, in the same context: its message never left. */
  notPublished(system: string, destination: string): void;
  /**
   * Calls `handler` (a consumer callback) for one delivered message carrying
   * `marker` (the header's value, or undefined): the message is counted for
   * the context the callback entered (else the one running it), with the
   * latency from the marker's send time to now. Returns and throws what the
   * handler does; without a marker it only calls it.
   */
  handle(system: string, destination: string, marker: unknown, handler: Function, thisArg: unknown, args: ArrayLike<unknown>): unknown;
  /** A message handed to code that pulled it (an async iterator's loop): counted for `context`, latency to now. */
  received(system: string, destination: string, marker: unknown, context: number): void;
  /** The context of the innermost instrumented call running now (0: none). */
  runningContext(): number;
  /** Whether the marker says the message had headers of its own (false: tsprof made them, the handler should see none). */
  hadOwnHeaders(marker: unknown): boolean;
}
