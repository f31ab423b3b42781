"""The command line: every command documented, the formats, standard input, and bad input that
gets one line and an exit code while the rest is still processed."""
import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from tallies.cli import cli

ARTICLE = ("Border town shelled, 12 dead\n\n"
           "The regional governor said 12 civilians were killed and about 30 wounded when "
           "shells hit the market in Osk on Sunday. Two other shells were shot down, he said.\n")


def all_commands(group=cli, prefix=()):
    for name, cmd in group.commands.items():
        yield prefix + (name,), cmd
        if isinstance(cmd, click.Group):
            yield from all_commands(cmd, prefix + (name,))


def test_every_command_has_help_with_an_example():
    missing = []
    for path, cmd in all_commands():
        text = cmd.help or ""
        if len(text.strip()) < 20 or "Example" not in text:
            missing.append(" ".join(path))
    assert not missing, f"commands without help and an example: {missing}"
    for path, _ in all_commands():
        result = CliRunner().invoke(cli, list(path) + ["--help"])
        assert result.exit_code == 0
        assert "Usage:" in result.output


def test_every_option_has_help():
    missing = [f"{' '.join(path)} {p.name}" for path, cmd in all_commands()
               for p in cmd.params if isinstance(p, click.Option) and not p.help]
    assert not missing


@pytest.fixture
def article(tmp_path):
    p = tmp_path / "osk.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    return p


@pytest.mark.model
def test_jsonl_follows_the_schema(article):
    result = CliRunner().invoke(cli, ["extract", str(article), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert {r["text"] for r in rows} >= {"12", "about 30", "Two"}
    schema = {"doc", "start", "end", "text", "value", "low", "high", "qualifier", "measure",
              "counted", "source", "source_text", "via", "cumulative", "sentence"}
    for r in rows:
        assert schema <= set(r)
        assert ARTICLE[r["start"]:r["end"]] == r["text"]
    killed = [r for r in rows if r["text"] == "12" and r["sentence"].startswith("The regional")]
    assert killed and killed[0]["measure"] == "killed" and "governor" in killed[0]["source"]


@pytest.mark.model
@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_other_formats(article, fmt):
    result = CliRunner().invoke(cli, ["extract", str(article), "--format", fmt])
    assert result.exit_code == 0, result.output
    if fmt == "json":
        assert len(json.loads(result.output)) >= 3
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(result.output)))
        assert rows and rows[0]["doc"] == "osk.txt"
    else:
        assert "killed" in result.output and "governor" in result.output


@pytest.mark.model
def test_standard_input_and_output_file(tmp_path):
    out = tmp_path / "claims.csv"
    result = CliRunner().invoke(cli, ["extract", "-", "--format", "csv", "-o", str(out)],
                                input=ARTICLE)
    assert result.exit_code == 0, result.output
    assert "about 30" in out.read_text(encoding="utf-8")


@pytest.mark.model
def test_bad_inputs_get_one_line_each_and_the_rest_goes_on(tmp_path, article):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    latin = tmp_path / "latin1.txt"  # not UTF-8, but readable: processed, not refused
    latin.write_bytes("The café owner in Osk said 7 people were hurt.".encode("latin-1"))
    french = tmp_path / "french.txt"
    french.write_text("Le ministère de la Défense a annoncé lundi que douze soldats ont été "
                      "tués et que trente autres ont été blessés lors de la frappe sur le "
                      "marché de la ville, selon un communiqué publié dans la soirée.",
                      encoding="utf-8")
    nohtml = tmp_path / "nav.html"
    nohtml.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>",
                      encoding="utf-8")
    big = tmp_path / "big.txt"
    with open(big, "wb") as f:  # 50 MB, written sparse: fast
        f.truncate(50 * 1024 * 1024)
    missing = tmp_path / "nowhere.txt"
    cmd = [sys.executable, "-m", "tallies", "extract", str(empty), str(binary), str(latin),
           str(french), str(nohtml), str(big), str(missing), str(article), "--format", "jsonl"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    for bad in (empty, binary, french, nohtml, big, missing):
        named = [line for line in lines if bad.name in line]
        assert len(named) == 1, (bad.name, lines)
    assert len(lines) == 6
    assert "language" in next(line for line in lines if "french" in line)
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert {r["doc"] for r in rows} == {"osk.txt", "latin1.txt"}
    assert any(r["doc"] == "latin1.txt" and r["sentence"].startswith("The café") for r in rows)


def test_fatal_errors_are_one_line(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[extract]\nmax_chars = 'many'\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "tallies", "extract", "x.txt", "--config",
                           str(bad)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().count("\n") == 0 and "max_chars" in proc.stderr


def test_readme_shows_the_two_commands():
    first_screen = Path(__file__).resolve().parents[1].joinpath("README.md").read_text(
        encoding="utf-8").splitlines()[:15]
    assert any("make demo" in line for line in first_screen)
    assert any("make test" in line for line in first_screen)
