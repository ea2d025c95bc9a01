/**
 * The progress view of every command that drives the engine over several
 * stacks (deploy, destroy, demo, drift, the exact plan report): one state per
 * stack (waiting, init, planning, applying, done, failed), resources done of
 * the total, elapsed time, and an overall estimate of the time left.
 *
 * {@link ProgressModel} keeps the numbers; a view shows them: on an
 * interactive terminal {@link TerminalView} (cli-progress bars updated in
 * place), elsewhere (CI logs, pipes) {@link PlainView} (append-only lines:
 * one when a stack starts, a progress line at most every `intervalMs`, one
 * when it ends).
 */
import { MultiBar, Presets, SingleBar } from "cli-progress";
import { EngineEvent } from "./engine-output";

export type StackState = "waiting" | "init" | "planning" | "applying" | "done" | "failed" | "not run";

const ACTIVE: readonly StackState[] = ["init", "planning", "applying"];

/** Whether the engine is working on a stack in this state. */
export const isActive = (state: StackState): boolean => ACTIVE.includes(state);
const ENDED: readonly StackState[] = ["done", "failed", "not run"];

export interface StackProgress {
  readonly stack: string;
  state: StackState;
  /** Resource actions finished. */
  done: number;
  /** From the engine's plan; until then undefined. */
  total?: number;
  /** The declared size of the stack, the guess until the plan says. */
  readonly estimate: number;
  startedAt?: number;
  endedAt?: number;
  /** The engine's own summary, e.g. `61 added, 0 changed, 0 destroyed`. */
  summary?: string;
  /** The first error line. */
  error?: string;
}

export interface Overall {
  readonly stacks: number;
  readonly ended: number;
  readonly failed: number;
  readonly done: number;
  readonly total: number;
  readonly elapsedMs: number;
  /** Undefined until enough work is done to say. */
  readonly leftMs?: number;
}

/** The numbers behind the view. `clock` is injectable for tests. */
export class ProgressModel {
  readonly stacks: Map<string, StackProgress>;
  readonly startedAt: number;

  constructor(
    stacks: ReadonlyMap<string, number> | readonly string[],
    readonly clock: () => number = Date.now,
  ) {
    const entries: [string, number][] = Array.isArray(stacks) ? stacks.map((s) => [s, 1]) : [...(stacks as ReadonlyMap<string, number>)];
    this.stacks = new Map(
      entries.map(([stack, estimate]) => [stack, { stack, state: "waiting", done: 0, estimate: Math.max(estimate, 0) }]),
    );
    this.startedAt = clock();
  }

  private get(stack: string): StackProgress {
    let entry = this.stacks.get(stack);
    if (!entry) {
      entry = { stack, state: "waiting", done: 0, estimate: 1 };
      this.stacks.set(stack, entry);
    }
    return entry;
  }

  /** Move a stack to a state; returns whether it changed. Ended stacks stay ended. */
  setState(stack: string, state: StackState): boolean {
    const entry = this.get(stack);
    if (entry.state === state || ENDED.includes(entry.state)) return false;
    if (entry.startedAt === undefined && state !== "waiting") entry.startedAt = this.clock();
    if (ENDED.includes(state)) entry.endedAt = this.clock();
    // Never step back (cdktf runs init, plan, apply; a refresh line during apply stays "applying").
    const order: StackState[] = ["waiting", "init", "planning", "applying"];
    if (!ENDED.includes(state) && order.indexOf(state) < order.indexOf(entry.state)) return false;
    entry.state = state;
    return true;
  }

  /** Apply what a line of the stack's output said; returns whether anything changed. */
  apply(stack: string, event: EngineEvent): boolean {
    const entry = this.get(stack);
    switch (event.kind) {
      case "init":
        return this.setState(stack, "init");
      case "planning":
        return this.setState(stack, "planning");
      case "plan":
        entry.total = event.total;
        this.setState(stack, "planning");
        return true;
      case "applying":
        return this.setState(stack, "applying");
      case "resource":
        entry.done++;
        this.setState(stack, "applying");
        return true;
      case "complete":
        entry.summary = event.summary;
        if (entry.total === undefined || entry.total < entry.done) entry.total = entry.done;
        return this.setState(stack, "done");
      case "error":
        entry.error ??= event.message;
        return false; // failed only once the stack ends without completing
    }
  }

  /** End a stack: done, or failed (with the reason when none was seen). */
  end(stack: string, ok: boolean, reason?: string, summary?: string): void {
    const entry = this.get(stack);
    if (summary) entry.summary = summary;
    if (!ok && reason) entry.error ??= reason;
    this.setState(stack, ok ? "done" : "failed");
  }

  /**
   * The command ended: stacks never started did not run; a stack the engine
   * started without reporting its completion failed, also when the command
   * exited 0 (cdktf 0.21 does when its engine is killed).
   */
  finish(ok: boolean): void {
    for (const entry of this.stacks.values()) {
      if (ENDED.includes(entry.state)) continue;
      // cdktf initialises stacks ahead of their turn: one it stopped before planning (after another stack failed) did not run.
      if (entry.state === "waiting" || (entry.state === "init" && !ok)) this.setState(entry.stack, "not run");
      else {
        entry.error ??= ok
          ? "the engine stopped without reporting the apply complete (killed?)"
          : "the command ended before this stack completed";
        this.setState(entry.stack, "failed");
      }
    }
  }

  /** A stack's size: the plan's total once known, else the declared estimate. */
  size(entry: StackProgress): number {
    if (entry.state === "not run") return 0;
    return Math.max(entry.total ?? entry.estimate, entry.done);
  }

  overall(): Overall {
    const list = [...this.stacks.values()];
    const now = this.clock();
    const done = list.reduce((sum, e) => sum + (e.state === "done" ? this.size(e) : e.done), 0);
    const total = list.reduce((sum, e) => sum + this.size(e), 0);
    const elapsedMs = now - this.startedAt;
    // Each stack also costs time with nothing to count (init, plan): weigh a stack as its resources plus one.
    const work = list.reduce((sum, e) => sum + this.size(e) + 1, 0);
    const worked = list.reduce((sum, e) => sum + (ENDED.includes(e.state) ? this.size(e) + 1 : e.done), 0);
    const fraction = work === 0 ? 1 : worked / work;
    const leftMs = fraction >= 0.05 && fraction < 1 ? (elapsedMs * (1 - fraction)) / fraction : fraction >= 1 ? 0 : undefined;
    return {
      stacks: list.length,
      ended: list.filter((e) => ENDED.includes(e.state)).length,
      failed: list.filter((e) => e.state === "failed").length,
      done,
      total,
      elapsedMs,
      leftMs,
    };
  }
}

export const seconds = (ms: number): string => {
  const total = Math.round(ms / 1000);
  return total < 60 ? `${total} s` : `${Math.floor(total / 60)} min ${total % 60} s`;
};

/** The line a stack's end is reported with, in both views. */
export function endLine(entry: StackProgress): string {
  const took = entry.startedAt !== undefined && entry.endedAt !== undefined ? ` in ${seconds(entry.endedAt - entry.startedAt)}` : "";
  if (entry.state === "done") return `${entry.stack}: done${entry.summary ? `, ${entry.summary}` : ""}${took}`;
  if (entry.state === "not run") return `${entry.stack}: not run`;
  return `${entry.stack}: FAILED${took}${entry.error ? `: ${entry.error}` : ""}`;
}

export function overallLine(o: Overall): string {
  const left = o.leftMs === undefined ? "" : o.ended === o.stacks ? "" : `, about ${seconds(o.leftMs)} left`;
  const failed = o.failed > 0 ? `, ${o.failed} failed` : "";
  return `${o.ended}/${o.stacks} stacks ended${failed}, ${o.done}/${o.total} resources, ${seconds(o.elapsedMs)}${left}`;
}

/** What a command shows while the engine runs. */
export interface ProgressView {
  /** Something changed for `stack` (or overall when undefined). */
  update(stack?: string): void;
  /** A line that must be seen now (a failure excerpt, a note); printed above the bars on a terminal. */
  note(line: string): void;
  /** Stop updating; end lines and the overall line are printed. */
  stop(): void;
}

export interface PlainViewOptions {
  /** Prefix of every line, e.g. `[deploy]`. */
  readonly label: string;
  readonly write: (line: string) => void;
  /** At most one progress line per stack this often. @default 30000 */
  readonly intervalMs?: number;
  /** Progress lines of all stacks together at most this often. @default 20000 */
  readonly progressIntervalMs?: number;
  /** An overall line at most this often. @default 60000 */
  readonly overallIntervalMs?: number;
}

/** Stacks starting within this time of each other share one "started" line. */
const START_WINDOW_MS = 5000;

/**
 * Append-only lines for logs and pipes, no cursor codes: which stacks
 * started (stacks starting within a few seconds share one line), a progress line
 * per applying stack at most every `intervalMs` and only when its count
 * moved, each stack's end with its counts and time, an overall line at most
 * every `overallIntervalMs`, and a last overall line.
 */
export class PlainView implements ProgressView {
  private readonly announced = new Set<string>();
  private readonly lastLine = new Map<string, number>();
  private readonly lastDone = new Map<string, number>();
  private readonly ended = new Set<string>();
  private readonly applyingSince = new Map<string, number>();
  private pendingStarts: string[] = [];
  private pendingSince = 0;
  private lastProgress = Number.NEGATIVE_INFINITY;
  private lastOverall: number;

  constructor(
    private readonly model: ProgressModel,
    private readonly options: PlainViewOptions,
  ) {
    this.lastOverall = model.clock();
  }

  private say(line: string): void {
    this.flushStarts();
    this.options.write(`${this.options.label} ${line}`);
  }

  private flushStarts(): void {
    if (this.pendingStarts.length === 0) return;
    const stacks = this.pendingStarts;
    this.pendingStarts = [];
    this.options.write(`${this.options.label} started: ${stacks.join(", ")}`);
  }

  update(stack?: string): void {
    const now = this.model.clock();
    const interval = this.options.intervalMs ?? 30_000;
    for (const entry of stack === undefined ? this.model.stacks.values() : [this.model.stacks.get(stack)!]) {
      if (!entry || entry.state === "waiting") continue;
      if (!this.announced.has(entry.stack)) {
        this.announced.add(entry.stack);
        this.lastLine.set(entry.stack, now);
        if (entry.state !== "not run") {
          if (this.pendingStarts.length === 0) this.pendingSince = now;
          this.pendingStarts.push(entry.stack);
        }
      }
      if (ENDED.includes(entry.state)) {
        if (!this.ended.has(entry.stack)) {
          this.ended.add(entry.stack);
          this.say(endLine(entry));
        }
        continue;
      }
      // Counted from the first resource action: a short apply after a long plan (a destroy) needs no progress line.
      if (entry.state === "applying" && !this.applyingSince.has(entry.stack)) this.applyingSince.set(entry.stack, now);
    }
    // Progress lines: per stack at most every `intervalMs` and only when its count moved; across stacks at
    // most one every `progressIntervalMs` (the stack waiting longest goes first), so many stacks applying
    // at once do not flood the log.
    const progressInterval = this.options.progressIntervalMs ?? 20_000;
    if (now - this.lastProgress >= progressInterval) {
      const due = [...this.model.stacks.values()]
        .filter((e) => e.state === "applying" && (this.lastDone.get(e.stack) ?? 0) !== e.done)
        .map((e) => ({ e, last: Math.max(this.lastLine.get(e.stack) ?? now, this.applyingSince.get(e.stack) ?? now) }))
        .filter(({ last }) => now - last >= interval)
        .sort((a, b) => a.last - b.last || a.e.stack.localeCompare(b.e.stack));
      if (due.length > 0) {
        const entry = due[0].e;
        this.say(`${entry.stack}: applying, ${entry.done}/${this.model.size(entry)} resources, ${seconds(now - (entry.startedAt ?? now))}`);
        this.lastLine.set(entry.stack, now);
        this.lastDone.set(entry.stack, entry.done);
        this.lastProgress = now;
      }
    }
    if (this.pendingStarts.length > 0 && now - this.pendingSince >= START_WINDOW_MS) this.flushStarts();
    const overallInterval = this.options.overallIntervalMs ?? 60_000;
    if (now - this.lastOverall >= overallInterval) {
      this.lastOverall = now;
      const o = this.model.overall();
      if (o.ended < o.stacks) this.say(overallLine(o));
    }
  }

  note(line: string): void {
    this.flushStarts();
    this.options.write(line);
  }

  stop(): void {
    this.update();
    this.say(overallLine(this.model.overall()));
  }
}

export interface TerminalViewOptions {
  readonly label: string;
  readonly stream: NodeJS.WriteStream;
}

/** Bars updated in place on an interactive terminal (cli-progress). */
export class TerminalView implements ProgressView {
  private readonly multibar: MultiBar;
  private readonly bars = new Map<string, SingleBar>();
  private readonly overallBar: SingleBar;
  private readonly timer: NodeJS.Timeout;
  private readonly width: number;

  constructor(
    private readonly model: ProgressModel,
    private readonly options: TerminalViewOptions,
  ) {
    this.width = Math.max(...[...model.stacks.keys()].map((s) => s.length), 7);
    this.multibar = new MultiBar(
      {
        stream: options.stream,
        hideCursor: true,
        clearOnComplete: false,
        stopOnComplete: false,
        barsize: 24,
        format: "{line}",
        autopadding: false,
      },
      Presets.shades_classic,
    );
    for (const stack of model.stacks.keys())
      this.bars.set(stack, this.multibar.create(1, 0, { line: "" }, { format: `{name} {bar} {line}` }));
    this.overallBar = this.multibar.create(1, 0, { line: "" }, { format: `{name} {bar} {line}` });
    this.update();
    // Elapsed times move even when no line arrives.
    this.timer = setInterval(() => this.update(), 1000);
    this.timer.unref();
  }

  update(): void {
    for (const [stack, bar] of this.bars) {
      const entry = this.model.stacks.get(stack)!;
      const size = Math.max(this.model.size(entry), 1);
      const now = entry.endedAt ?? this.model.clock();
      const elapsed = entry.startedAt === undefined ? "" : seconds(now - entry.startedAt);
      const done = entry.state === "done" ? size : entry.done;
      const counts =
        entry.state === "waiting" || entry.state === "not run"
          ? ""
          : `${done}/${entry.total === undefined && entry.state !== "done" ? `~${size}` : size}`;
      bar.setTotal(size);
      bar.update(done, { name: stack.padEnd(this.width), line: `${entry.state.padEnd(8)} ${counts.padEnd(11)} ${elapsed}` });
    }
    const o = this.model.overall();
    this.overallBar.setTotal(Math.max(o.total, 1));
    this.overallBar.update(o.done, { name: this.options.label.padEnd(this.width), line: overallLine(o) });
  }

  note(line: string): void {
    this.multibar.log(`${line}\n`);
  }

  stop(): void {
    clearInterval(this.timer);
    this.update();
    this.multibar.stop();
  }
}

export type ViewMode = "auto" | "plain" | "terminal";

/** The view for `stream`: bars on an interactive terminal, plain lines elsewhere (or as `mode` says). */
export function createView(
  model: ProgressModel,
  label: string,
  stream: NodeJS.WriteStream = process.stderr,
  mode: ViewMode = "auto",
): ProgressView {
  const terminal = mode === "terminal" || (mode === "auto" && stream.isTTY === true && process.env.TERM !== "dumb" && !process.env.CI);
  return terminal
    ? new TerminalView(model, { label, stream })
    : new PlainView(model, { label, write: (line) => stream.write(`${line}\n`) });
}
