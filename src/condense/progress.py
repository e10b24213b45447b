"""Progress and status display (rich). Progress goes to stderr so stdout stays parseable."""

from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table


class ProgressReporter:
    """A callable ``(label, done, total)`` that draws one bar; silent when not a terminal."""

    def __init__(self, console: Console):
        self._progress = Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                                  console=console, transient=True, disable=not console.is_terminal)
        self._task = None

    def __enter__(self):
        self._progress.__enter__()
        self._task = self._progress.add_task("starting", total=1)
        return self

    def __exit__(self, *exc):
        return self._progress.__exit__(*exc)

    def __call__(self, label: str, done: int, total: int) -> None:
        self._progress.update(self._task, description=label, completed=done, total=max(total, 1))


def print_status(console: Console, status) -> None:
    console.print(f"[bold]{status.name}[/bold]")
    console.print(f"Question: {status.question}", markup=False)
    for area in status.focus_areas:
        console.print(f"  focus: {area}", markup=False)
    table = Table("document", "id", "language", "participant", "words", "turns", "interviewer", "informant")
    for d in status.documents:
        table.add_row(d["name"], d["id"], d["language"], d["participant"] or "-", str(d["words"]),
                      str(d["turns"]), str(d["interviewer"]), str(d["informant"]))
    console.print(table)
    console.print(f"{len(status.documents)} documents, {status.participants} participants, "
                  f"{status.units} units ({status.relevant_units} relevant), {status.themes} themes, "
                  f"{status.categories} categories, {sum(status.memos.values())} memos, "
                  f"{status.human_objects} human-made objects, {status.events} events")
    if not status.memos.get("preconception"):
        console.print("No preconception memo yet: write one before running the analysis "
                      "(condense memo PROJECT --kind preconception \"...\").")
    console.print(f"Last run: {status.last_run or 'never'}")
