"""Errors users can act on: each has a code (searchable), a message, and what to do next.

A bad paper raises a :class:`PaperError`; the runner records it in ``run.json`` and the batch goes on.
"""

from __future__ import annotations


class PipelineError(Exception):
    """Base class: ``[E###] message. hint``."""

    code = "E000"
    hint = ""

    def __init__(self, message: str, *, hint: str | None = None):
        super().__init__(message)
        self.message = message
        if hint is not None:
            self.hint = hint

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}" + (f" {self.hint}" if self.hint else "")


class PaperError(PipelineError):
    """A problem with one input paper; the batch continues."""


class EmptyInput(PaperError):
    code = "E101"
    hint = "The file has no text. Check that the export finished, then run again."


class BinaryInput(PaperError):
    code = "E102"
    hint = "The file looks binary (e.g. a PDF or image). Convert it to .txt or .md first (pdftotext, MinerU)."


class UndecodableInput(PaperError):
    code = "E103"
    hint = "Re-save the file as UTF-8 (or GB18030 / UTF-16 with a BOM) and run again."


class InputTooLarge(PaperError):
    code = "E104"
    hint = "Split the file into single papers, or raise the limit with --max-bytes."


class UnsupportedFormat(PaperError):
    code = "E105"
    hint = "Give .txt or .md files."


class DuplicateInput(PaperError):
    code = "E106"
    hint = "The same paper text was given twice in this batch; the first copy was processed."


class StageFailed(PaperError):
    code = "E199"
    hint = "This is a bug in the pipeline: please report it with the input file."


class UsageError(PipelineError):
    """A problem with the command line or the environment; the run stops."""

    code = "E201"


class InvalidDocument(PipelineError):
    code = "E301"
    hint = "The document does not match the published schema; re-run the pipeline with --force."


class ModelMissing(PipelineError):
    code = "E401"
    hint = "Train it first (see README: models) or pass the model folder explicitly."
