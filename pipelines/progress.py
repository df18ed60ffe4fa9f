"""What a load or a check is doing, by stage and table, with the time it has taken; and each
stage's time, for the report.

A command runs inside `run(command)`, whose stages are timed with `stage(name)`; deeper code
says which table or file it is on with `step(text)`, and needs no handle on the run (a
context variable holds it). What is said goes to the display the command line sets up with
`shown(stream)`:

- on a terminal, one status line rewritten in place (`load  12.3 s  validate: crimes`),
  its clock ticking while a step runs, and a line kept as each stage ends
  (`load  stage     3.1 s`);
- anywhere else (cron, CI, a pipe), plain lines: one as each step starts and one as each
  stage ends, each with the elapsed time, so a log says where a run was when it stopped;
- with no display (a library call, the tests) nothing is said, and the stages are still
  timed: `Run.times` goes into the load report (LoadReport.stages) and the check report.

Only stage names, table names, file names and counts are said: never a value of the extract.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TextIO

TICK = 0.5  # seconds between redraws of the status line on a terminal


class Display:
    """Where a run's progress is said: a terminal's status line, or plain lines."""

    def __init__(self, stream: TextIO, live: bool):
        self.stream, self.live = stream, live
        self.lock = threading.Lock()
        self.status: tuple[Run, str] | None = None
        self.ticker: threading.Thread | None = None
        self.stopped = threading.Event()

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # a reader that went away, a closed stream
            self.live = False
            self.stream = None

    def step(self, run: Run, text: str) -> None:
        if self.stream is None:
            return
        with self.lock:
            if self.live:
                self.status = (run, text)
                self._redraw()
                self._start_ticking()
            else:
                self._write(f"{run.command} {run.elapsed():7.1f} s  {text}\n")

    def done(self, run: Run, stage: str, seconds: float, ended: str = "done in") -> None:
        if self.stream is None:
            return
        with self.lock:
            clear = "\r\x1b[K" if self.live else ""
            self.status = None
            self._write(
                f"{clear}{run.command} {run.elapsed():7.1f} s  {stage} {ended} {seconds:.1f} s\n"
            )

    def _redraw(self) -> None:
        if self.status and self.stream is not None:
            run, text = self.status
            self._write(f"\r\x1b[K{run.command} {run.elapsed():7.1f} s  {text}")

    def _start_ticking(self) -> None:
        if self.ticker is None:
            self.ticker = threading.Thread(target=self._tick, name="progress", daemon=True)
            self.ticker.start()

    def _tick(self) -> None:
        while not self.stopped.wait(TICK):
            with self.lock:
                self._redraw()

    def close(self) -> None:
        self.stopped.set()
        if self.ticker is not None:
            self.ticker.join()
        with self.lock:
            if self.live and self.status and self.stream is not None:
                self._write("\r\x1b[K")
            self.status = None


class Run:
    """One load or check: its stages timed, in order, and said to the display if any."""

    def __init__(self, command: str, display: Display | None):
        self.command, self.display = command, display
        self.started = time.monotonic()
        self.times: dict[str, float] = {}
        self.current: str | None = None

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        outer, self.current = self.current, name
        begun = time.monotonic()
        self.step(None)
        ended = "stopped after"  # a stage that raised did not finish, and says so
        try:
            yield
            ended = "done in"
        finally:
            seconds = time.monotonic() - begun
            self.times[name] = round(self.times.get(name, 0.0) + seconds, 3)
            self.current = outer
            if self.display is not None:
                self.display.done(self, name, seconds, ended)

    def step(self, text: str | None) -> None:
        if self.display is not None:
            said = self.current or ""
            if text:
                said = f"{said}: {text}" if said else text
            self.display.step(self, said + "...")


_display: ContextVar[Display | None] = ContextVar("progress_display", default=None)
_run: ContextVar[Run | None] = ContextVar("progress_run", default=None)


@contextmanager
def shown(stream: TextIO | None = None) -> Iterator[Display]:
    """Say the progress of the runs inside on stream (standard error by default): a status
    line when it is a terminal, plain lines when it is not."""
    stream = stream if stream is not None else sys.stderr
    try:
        live = stream.isatty()
    except (AttributeError, ValueError):
        live = False
    display = Display(stream, live)
    token = _display.set(display)
    try:
        yield display
    finally:
        _display.reset(token)
        display.close()


@contextmanager
def run(command: str) -> Iterator[Run]:
    """A load or a check: its stages timed (Run.times) and said to the display, if any."""
    current = Run(command, _display.get())
    token = _run.set(current)
    try:
        yield current
    finally:
        _run.reset(token)


@contextmanager
def stage(name: str) -> Iterator[None]:
    """A stage of the current run (timed and said); nothing outside a run."""
    current = _run.get()
    if current is None:
        yield
        return
    with current.stage(name):
        yield


def step(text: str) -> None:
    """Say which table or file the current stage is on (nothing outside a run)."""
    current = _run.get()
    if current is not None:
        current.step(text)


def stage_line(stages: dict[str, float]) -> str | None:
    """The time each stage took, for a report: 'Time by stage: stage 3.1 s, ...; 7.2 s in all'."""
    if not stages:
        return None
    said = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in stages.items())
    return f"Time by stage: {said}; {sum(stages.values()):.1f} s in all"
