/**
 * Progress of a long CLI run on stderr: files done / total, files per second, time left, failures so far.
 *
 * - On a terminal: one line, redrawn in place (at most ~10 times a second); lines logged through `log()`
 *   are printed above it, so per-file lines and the progress line never interleave.
 * - Not a terminal (a pipe, a CI log) or `quiet`: nothing extra, `log()` prints plain lines.
 * - `force` (the commands' `--progress`): also when not a terminal, as a plain line every few seconds
 *   (readable in a CI log, no carriage returns).
 *
 * Used by `check`, `generate` and `replay`; the offline certification run can use it the same way:
 *   const progress = createProgress({ label: 'check', total: files.length, quiet });
 *   for (…) { …; progress.tick({ failed: verdict === 'fail' }); }
 *   progress.done();
 */

export interface ProgressOptions {
  /** what is counted, shown first: 'check', 'generate', 'replay', … */
  label: string;
  /** how many units there are (0 or undefined: unknown, no time left shown) */
  total?: number;
  /** unit name, plural (default 'files') */
  unit?: string;
  /** the stream to draw on (default process.stderr) */
  stream?: ProgressStream;
  /** no progress at all (--quiet) */
  quiet?: boolean;
  /** progress even when the stream is not a terminal, as plain lines (--progress) */
  force?: boolean;
  /** the clock in milliseconds (tests pass their own) */
  now?: () => number;
  /** minimum milliseconds between redraws on a terminal (default 100) and between plain lines (default 5000) */
  ttyIntervalMs?: number;
  plainIntervalMs?: number;
}

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressState {
  label: string;
  unit: string;
  done: number;
  total: number;
  failed: number;
  elapsedMs: number;
}

export interface Progress {
  /** `count` units (default 1) finished; `failed`: it counts as a failure (true), or how many of them do */
  tick(options?: { failed?: boolean | number; count?: number }): void;
  /** prints a line (with its newline) above the progress line; `to` another stream (e.g. stdout on the same terminal) */
  log(line: string, to?: ProgressStream): void;
  /** changes the total when it becomes known later */
  setTotal(total: number): void;
  /** removes the progress line (terminal) or prints the last plain line (forced) */
  done(): void;
  readonly state: Readonly<ProgressState>;
  /** whether anything is drawn */
  readonly active: boolean;
}

/** "1:05", "12:00:03": minutes and seconds (hours when needed). */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** The progress text, e.g. "check 120/2000 files · 85.3 files/s · 0:22 left · 3 failed". */
export function formatProgress(s: ProgressState): string {
  const parts = [`${s.label} ${s.done}${s.total > 0 ? `/${s.total}` : ''} ${s.unit}`];
  const seconds = s.elapsedMs / 1000;
  const rate = seconds > 0 ? s.done / seconds : 0;
  if (s.done > 0 && seconds > 0) parts.push(`${rate >= 100 ? rate.toFixed(0) : rate.toFixed(1)} ${s.unit}/s`);
  if (s.total > 0 && s.done > 0 && s.done < s.total && rate > 0) parts.push(`${formatDuration(((s.total - s.done) / rate) * 1000)} left`);
  else parts.push(`${formatDuration(s.elapsedMs)} elapsed`);
  parts.push(`${s.failed} failed`);
  return parts.join(' · ');
}

export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? (() => performance.now());
  const tty = stream.isTTY === true;
  const active = !options.quiet && (tty || options.force === true);
  const interval = tty ? (options.ttyIntervalMs ?? 100) : (options.plainIntervalMs ?? 5000);
  const started = now();
  const state: ProgressState = { label: options.label, unit: options.unit ?? 'files', done: 0, total: options.total ?? 0, failed: 0, elapsedMs: 0 };
  let lastDraw = -Infinity;
  let drawn = false;

  const text = () => {
    state.elapsedMs = now() - started;
    const line = formatProgress(state);
    const width = stream.columns && stream.columns > 10 ? stream.columns - 1 : undefined;
    return width && line.length > width ? line.slice(0, width) : line;
  };
  const draw = (force = false) => {
    if (!active) return;
    const t = now();
    if (!force && t - lastDraw < interval) return;
    lastDraw = t;
    if (tty) {
      stream.write(`\r\x1b[2K${text()}`);
      drawn = true;
    } else stream.write(`${text()}\n`);
  };
  const clear = () => {
    if (tty && drawn) stream.write('\r\x1b[2K');
    drawn = false;
  };

  return {
    get state() {
      state.elapsedMs = now() - started;
      return state;
    },
    active,
    tick(o = {}) {
      state.done += o.count ?? 1;
      if (o.failed) state.failed += o.failed === true ? 1 : o.failed;
      draw();
    },
    log(line: string, to: ProgressStream = stream) {
      const text = line.endsWith('\n') ? line : `${line}\n`;
      if (tty && drawn) {
        clear();
        to.write(text);
        lastDraw = -Infinity;
        draw();
      } else to.write(text);
    },
    setTotal(total: number) {
      state.total = total;
    },
    done() {
      if (!active) return;
      if (tty) clear();
      else draw(true);
    },
  };
}
