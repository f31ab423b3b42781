"""Small helpers the bench scripts share: a table as text or Markdown, the current commit."""
from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def table(header: list[str], rows: list[list], markdown: bool = False) -> str:
    if markdown:
        lines = ["| " + " | ".join(str(c) for c in header) + " |",
                 "| --- |" + " ---: |" * (len(header) - 1)]
        return "\n".join(lines + ["| " + " | ".join(str(c).strip() for c in r) + " |"
                                  for r in rows])
    widths = [max(len(str(r[k])) for r in [header] + rows) for k in range(len(header))]

    def line(r):
        return "  ".join(str(c).ljust(w) if k == 0 else str(c).rjust(w)
                         for k, (c, w) in enumerate(zip(r, widths)))
    return "\n".join([line(header), line(["-" * w for w in widths])] + [line(r) for r in rows])


def commit() -> str | None:
    import subprocess
    try:
        return subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
