/**
 * Driving the engine over several stacks with a progress view instead of its
 * raw log: `cdktf deploy|destroy` (or CDK Terrain's CLI) with its output
 * split per stack into log files (masked), read for progress, and shown as
 * the view of runtime/progress.ts; with `verbose` streamed as it comes. A
 * failed stack is reported with its error block and its log file; the other
 * stacks' results are still shown.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as readline from "node:readline";
import { classifyLine, declaredResources, errorExcerpt, StackLineSplitter, StackLogs } from "./engine-output";
import { createView, endLine, isActive, ProgressModel, ProgressView, StackProgress, ViewMode } from "./progress";

/** cdktf-cli 0.21.0's entry script, which every command that drives cdktf runs with Node.js. */
export const CDKTF_SCRIPT = (() => {
  const above = path.resolve(__dirname, "..");
  // Also when this file runs compiled from dist/ (the plan benchmark).
  const root = path.basename(above) === "dist" ? path.dirname(above) : above;
  return path.join(root, "node_modules", "cdktf-cli", "bundle", "bin", "cdktf");
})();

export interface CdkRunOptions {
  /** The program and its leading arguments, e.g. `[node, .../cdktf]`. */
  readonly command: readonly string[];
  /** The CLI's arguments, e.g. `["deploy", "*", "--auto-approve"]`; `--output <outdir>` is added. */
  readonly args: readonly string[];
  /** The synthesised output directory; its stacks are read for names and sizes. */
  readonly outdir: string;
  /** The stacks this run works on (the others' lines are still split into their logs). @default every stack in outdir */
  readonly stacks?: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Where the per-stack logs go (`<stack>.<logSuffix>.log`). */
  readonly logDir: string;
  /** e.g. `deploy`, `destroy`. */
  readonly logSuffix: string;
  /** Line prefix of the plain view, e.g. `[deploy]`. */
  readonly label: string;
  /** Stream the (masked) engine output as it comes instead of the view. */
  readonly verbose?: boolean;
  readonly mode?: ViewMode;
  /** Where the view goes. @default process.stderr */
  readonly stream?: NodeJS.WriteStream;
  /** Every line (masked) as it comes, e.g. for a test's log. */
  readonly onLine?: (stack: string | undefined, line: string) => void;
}

export interface CdkRunResult {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stacks: readonly StackProgress[];
  readonly logs: StackLogs;
}

/** Stack names of a synthesised output directory, sorted. */
export function synthesisedStacks(outdir: string): string[] {
  const dir = path.join(outdir, "stacks");
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

/** Declared resource instances per stack: the sizes the view starts from. */
export function stackEstimates(outdir: string, stacks: readonly string[]): Map<string, number> {
  return new Map(
    stacks.map((stack) => {
      const file = path.join(outdir, "stacks", stack, "cdk.tf.json");
      return [stack, fs.existsSync(file) ? declaredResources(JSON.parse(fs.readFileSync(file, "utf8"))) : 1];
    }),
  );
}

/** Run the CLI to its end with the view; never rejects for a failed deploy (see `status` and `stacks`). */
export function runCdk(options: CdkRunOptions): Promise<CdkRunResult> {
  const all = synthesisedStacks(options.outdir);
  const selected = options.stacks ?? all;
  const stream = options.stream ?? process.stderr;
  const model = new ProgressModel(stackEstimates(options.outdir, selected));
  const logs = new StackLogs(options.logDir, options.logSuffix, options.env);
  const splitter = new StackLineSplitter(all);
  const say = (line: string) => stream.write(`${options.label} ${line}\n`);
  const cli = [...options.command.slice(1), ...options.args, "--output", options.outdir];
  const header = `$ ${path.basename(options.command[options.command.length - 1])} ${options.args.join(" ")}  (${new Date().toISOString()})`;
  for (const stack of [undefined, ...selected]) logs.write(stack, header);
  say(`logs: ${options.logDir}/<stack>.${options.logSuffix}.log`);

  const view: ProgressView | undefined = options.verbose ? undefined : createView(model, options.label, stream, options.mode);
  const changed = (stack: string | undefined) => view?.update(stack);
  // Time moves on when no line comes (a long init, a slow vCenter): the view hears of it every second.
  const tick = setInterval(() => view?.update(), 1000);

  return new Promise((resolve) => {
    const child = spawn(options.command[0], cli, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
    const handle = (raw: string) => {
      const { stack, text } = splitter.split(raw);
      const masked = logs.write(stack, text);
      options.onLine?.(stack, masked);
      if (options.verbose) stream.write(`${logs.mask(raw)}\n`);
      if (stack === undefined) {
        // cdktf's own line after a stack's engine failed: the stacks with an error seen are over.
        if (/Invoking Terraform CLI failed/.test(text))
          for (const entry of model.stacks.values())
            if (entry.error && isActive(entry.state)) {
              model.end(entry.stack, false);
              changed(entry.stack);
            }
        return;
      }
      if (!model.stacks.has(stack) && !selected.includes(stack)) return;
      const event = classifyLine(text);
      if (event && model.apply(stack, event)) changed(stack);
    };
    const outLines = readline.createInterface({ input: child.stdout });
    const errLines = readline.createInterface({ input: child.stderr });
    outLines.on("line", handle);
    errLines.on("line", handle);
    let pending = 2;
    let exit: { status: number | null; signal: NodeJS.Signals | null } | undefined;
    const finish = () => {
      if (pending > 0 || !exit) return;
      clearInterval(tick);
      model.finish(exit.status === 0);
      if (view) view.stop();
      else for (const entry of model.stacks.values()) say(endLine(entry));
      for (const entry of model.stacks.values()) {
        if (entry.state !== "failed") continue;
        const excerpt = errorExcerpt(logs.recent(entry.stack));
        say(`${entry.stack} failed; full log: ${logs.file(entry.stack)}`);
        for (const line of excerpt.length > 0 ? excerpt : ["(no error line in the engine output; see the log)"])
          stream.write(`    ${line}\n`);
      }
      if (exit.status !== 0 && ![...model.stacks.values()].some((e) => e.state === "failed")) {
        const own = errorExcerpt(logs.recent(undefined));
        say(
          `${path.basename(options.command[options.command.length - 1])} exited ${exit.status ?? exit.signal}; log: ${logs.file(undefined)}`,
        );
        for (const line of own) stream.write(`    ${line}\n`);
      }
      resolve({ status: exit.status, signal: exit.signal, stacks: [...model.stacks.values()], logs });
    };
    outLines.on("close", () => {
      pending--;
      finish();
    });
    errLines.on("close", () => {
      pending--;
      finish();
    });
    child.on("error", (error) => {
      logs.write(undefined, `cannot start ${options.command[0]}: ${error.message}`);
      exit = { status: 127, signal: null };
      pending = 0;
      finish();
    });
    child.on("close", (status, signal) => {
      exit = { status, signal };
      finish();
    });
  });
}
