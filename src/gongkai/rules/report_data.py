"""A report's numbers in memory, and the JSON interchange of design.md.

The same structure comes out of computing a report from the ledgers and out of parsing a published
report; the checks (rules.checks) and the renderers read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from gongkai.rules.formats import FORMATS, TABLE4_COLUMNS, ReportFormat

Severity = Literal["error", "warning"]
Number = int | float


@dataclass(frozen=True)
class Finding:
    code: str  # L1–L6, X1–X4, or a format/extraction code (FORMAT_MIXED, BLANK_CELL, …)
    severity: Severity
    where: str  # e.g. "表三 （七）总计 / 自然人"
    message: str  # Chinese, says what is wrong and how to fix it

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "severity": self.severity, "where": self.where, "message": self.message}

    @classmethod
    def error(cls, code: str, where: str, message: str) -> Finding:
        return cls(code, "error", where, message)

    @classmethod
    def warning(cls, code: str, where: str, message: str) -> Finding:
        return cls(code, "warning", where, message)


@dataclass
class ReportData:
    format: str  # "2019" | "2021"
    agency: str | None = None
    year: int | None = None
    table2: dict[str, list[Number]] = field(default_factory=dict)  # row label -> values in column order
    table3: dict[str, list[int]] = field(default_factory=dict)  # row label -> 7 values
    table4: list[int] = field(default_factory=lambda: [0] * len(TABLE4_COLUMNS))
    blanks: set[tuple[str, str, int]] = field(default_factory=set)  # (table, row label, column index)
    sections: dict[str, str] = field(default_factory=dict)  # section number (一…六) -> text
    findings: list[Finding] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. text figures, fee total

    @property
    def spec(self) -> ReportFormat:
        return FORMATS[self.format]

    @property
    def text(self) -> str:
        return "\n".join(self.sections.values())

    @classmethod
    def empty(cls, fmt: str, agency: str | None = None, year: int | None = None) -> ReportData:
        spec = FORMATS[fmt]
        return cls(
            format=fmt,
            agency=agency,
            year=year,
            table2={row.label: [0] * len(block.columns) for block, row in spec.table2_rows},
            table3={row.label: [0] * 7 for row in spec.table3_rows},
        )

    def t3(self, key: str) -> list[int]:
        """Table-3 row by its key (new, carried_in, r1 … total, carried_out)."""
        return self.table3[self.spec.table3_row(key).label]

    def to_json(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "agency": self.agency,
            "year": self.year,
            "table2": {k: list(v) for k, v in self.table2.items()},
            "table3": {k: list(v) for k, v in self.table3.items()},
            "table4": list(self.table4),
            "findings": [f.to_dict() for f in self.findings],
            "blanks": [list(b) for b in sorted(self.blanks)],
            "sections": dict(self.sections),
            **({"extra": self.extra} if self.extra else {}),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ReportData:
        return cls(
            format=str(data["format"]),
            agency=data.get("agency"),
            year=data.get("year"),
            table2={k: list(v) for k, v in data.get("table2", {}).items()},
            table3={k: [int(x) for x in v] for k, v in data.get("table3", {}).items()},
            table4=[int(x) for x in data.get("table4", [0] * len(TABLE4_COLUMNS))],
            blanks={(str(a), str(b), int(c)) for a, b, c in data.get("blanks", [])},
            sections=dict(data.get("sections", {})),
            findings=[Finding(**f) for f in data.get("findings", [])],
            extra=dict(data.get("extra", {})),
        )
