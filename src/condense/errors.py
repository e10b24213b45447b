"""Coded errors. Every error a user can cause is a `CondenseError` whose message is one
sentence naming what is wrong and which file or setting; the CLI prints it and exits 2."""

from __future__ import annotations


class CondenseError(Exception):
    """A problem with the user's input or settings (exit code 2), never a bug."""

    code = "E000"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class BadFile(CondenseError):
    code = "E001"


class UnsupportedFormat(CondenseError):
    code = "E002"


class DuplicateFile(CondenseError):
    code = "E003"


class ProjectError(CondenseError):
    code = "E010"


class BadSettings(CondenseError):
    code = "E020"


class BracketingRequired(CondenseError):
    code = "E021"


class SpanError(CondenseError):
    """An offset range that does not address its document's text."""

    code = "E030"


class MissingDependency(CondenseError):
    code = "E040"

    def __init__(self, package: str, purpose: str, extra: str | None = None):
        hint = f'pip install "condense[{extra}]"' if extra else f"pip install {package}"
        super().__init__(f"{purpose} needs the package '{package}', which is not installed; run: {hint}")


class Conflict(CondenseError):
    """An edit made against an object that changed since the editor loaded it (another tab,
    another person, a re-run): refused, so nobody's change is silently overwritten."""

    code = "E050"
