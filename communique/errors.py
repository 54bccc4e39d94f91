"""One base error and the catalogue of coded messages.

Codes: E1xx sources, E2xx pipeline, E3xx store, E4xx api. A code is never
reused for another meaning; the CLI prints the code with what to do and the
API returns it in its one JSON error shape.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ErrorCode:
    code: str
    summary: str
    hint: str


CATALOGUE: dict[str, ErrorCode] = {
    e.code: e
    for e in (
        ErrorCode("E100", "input not found", "check the path or glob"),
        ErrorCode("E101", "input is empty", "the file has no text to read"),
        ErrorCode("E102", "input looks binary", "give a text, HTML or JSONL file"),
        ErrorCode("E103", "input could not be decoded", "save it as UTF-8 and retry"),
        ErrorCode("E104", "input is larger than the size limit", "raise --max-bytes"),
        ErrorCode("E105", "unsupported input format", "use .txt, .html, .htm or .jsonl"),
        ErrorCode("E106", "malformed JSON line", "each line must be a JSON object"),
        ErrorCode("E107", "JSON line has no text", "give a 'text' or 'html' field"),
        ErrorCode("E108", "HTML page has no main text", "the page may be only navigation"),
        ErrorCode("E109", "input could not be read", "check permissions"),
        ErrorCode("E110", "a source plugin failed", "report it to the plugin's author"),
        ErrorCode("E200", "pipeline stage failed", "report it with the input document"),
        ErrorCode("E201", "pipeline stages are out of order", "a stage needs an earlier one"),
        ErrorCode("E202", "unknown pipeline stage", "see `communique stages`"),
        ErrorCode("E203", "unknown language", "use an ISO 639-1 code lingua knows"),
        ErrorCode("E204", "resources are missing or stale", "run scripts/build_resources.py"),
        ErrorCode("E205", "knowledge base extension is malformed", "run `communique kb check`"),
        ErrorCode("E210", "gold file is malformed", "see shared/spec/gold.md"),
        ErrorCode("E211", "quality below the pinned floor", "see eval/baseline.json"),
        ErrorCode("E212", "lowering a floor needs --allow-lower", "pass it if you mean it"),
        ErrorCode("E300", "database error", "check the database URL and permissions"),
        ErrorCode("E301", "not a Communiqué database", "the file is damaged or another program's"),
        ErrorCode("E302", "database schema is newer than this version", "upgrade communique"),
        ErrorCode("E303", "database cannot be opened or written", "check the path and permissions"),
        ErrorCode("E304", "disk or database is full", "free space, then rerun: nothing is lost"),
        ErrorCode(
            "E305", "PostgreSQL server unreachable", "check the URL, the server and credentials"
        ),
        ErrorCode("E306", "no such id in the database", "see `communique events` or `search`"),
        ErrorCode("E307", "database is busy", "another writer holds it: wait and retry"),
        ErrorCode(
            "E308", "unsupported database URL", "give a path, sqlite:///PATH or postgresql://"
        ),
        ErrorCode(
            "E309", "PostgreSQL support is not installed", "pip install 'communique[postgres]'"
        ),
        ErrorCode(
            "E310", "this export needs an optional extra", "pip install 'communique[exports]'"
        ),
        ErrorCode("E311", "unknown export format", "see `communique export --help`"),
        ErrorCode("E312", "export file cannot be written", "check the --out path and permissions"),
        ErrorCode("E400", "bad API request", "see /api/v1/docs for the request shape"),
        ErrorCode("E401", "missing or wrong bearer token", "send Authorization: Bearer TOKEN"),
        ErrorCode("E403", "ingest over HTTP is off", "start the server with --allow-ingest"),
        ErrorCode("E404", "no such endpoint", "see /api/v1/docs for the endpoints"),
        ErrorCode("E405", "method not allowed", "see /api/v1/docs for the endpoints"),
        ErrorCode("E413", "upload is larger than the limit", "send less, or raise --max-upload"),
    )
}


class CommuniqueError(Exception):
    """An error with a catalogue code; turned into a message only at the edges."""

    def __init__(self, code: str, detail: str = "") -> None:
        if code not in CATALOGUE:
            raise ValueError(f"unknown error code {code}")
        self.code = code
        self.detail = detail
        super().__init__(self.message)

    @property
    def message(self) -> str:
        summary = CATALOGUE[self.code].summary
        return f"{summary}: {self.detail}" if self.detail else summary

    @property
    def hint(self) -> str:
        return CATALOGUE[self.code].hint

    def as_record(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}
