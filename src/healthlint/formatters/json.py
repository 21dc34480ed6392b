"""``--format json``: the stable machine interface described in DESIGN.md."""

from __future__ import annotations

import json

from healthlint.formatters.base import Report


class JsonFormatter:
    name = "json"

    def render(self, report: Report, *, color: bool = False) -> str:
        counts = report.counts()
        payload = {
            "version": report.version,
            "diagnostics": [d.to_dict() for d in report.diagnostics],
            "summary": {
                "files": len(report.files),
                "problems": len(report.diagnostics),
                "errors": sum(v for k, v in counts.items() if k.value == "error"),
                "warnings": sum(v for k, v in counts.items() if k.value == "warning"),
                "suggestions": sum(v for k, v in counts.items() if k.value == "suggestion"),
                "file_errors": [str(e) for e in report.errors],
            },
        }
        return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
