"""The command line: documented, clear one-line errors, no tracebacks."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from qinyou.cli import build_parser, main
from qinyou.commands.docs import generated

ROOT = Path(__file__).resolve().parent.parent


def command_names() -> list[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return sorted(sub.choices)  # type: ignore[attr-defined]


def test_the_required_commands_exist() -> None:
    assert {"ingest", "stats", "schema", "queries", "query", "app", "demo"} <= set(command_names())


@pytest.mark.parametrize("name", command_names())
def test_every_command_is_in_the_readme_and_the_cli_docs(name: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"qinyou {name}" in readme
    assert f"## `qinyou {name}`" in (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name,text", sorted(generated().items()))
def test_generated_docs_are_current(name: str, text: str) -> None:
    on_disk = (ROOT / "docs" / name).read_text(encoding="utf-8")
    assert on_disk == text, f"docs/{name} is stale: run `qinyou docs`"


def test_every_saved_query_is_documented() -> None:
    from qinyou.queries.catalog import load_queries

    docs = (ROOT / "docs" / "queries.md").read_text(encoding="utf-8")
    for name in load_queries():
        assert f"`{name}`" in docs


def test_user_errors_are_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(tmp_path / "empty"), "stats"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("qinyou: error:") and "qinyou ingest" in err and err.count("\n") == 1


def test_unknown_query_and_bad_param(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(tmp_path), "query", "nope"]) == 2
    assert "no saved query named 'nope'" in capsys.readouterr().err
    assert main(["--db", str(tmp_path), "query", "case_list", "-p", "limit"]) == 2
    assert "KEY=VALUE" in capsys.readouterr().err


def test_missing_input_file_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(tmp_path / "db"), "ingest", str(tmp_path / "missing.csv")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_console_script_runs_without_traceback(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "qinyou.cli", "--db", str(tmp_path / "x"), "stats"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr


def test_an_unreadable_file_does_not_stop_the_others(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "broken.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a workbook")
    good = tmp_path / "notice.txt"
    good.write_text("东岭县纪委监委通报：石口镇石坡村党支部书记张三违规将其弟张四纳入低保，2024年3月张三受到党内警告处分。",
                    encoding="utf-8")
    rejects = tmp_path / "rejects.csv"
    code = main(["--db", str(tmp_path / "db"), "ingest", str(bad), str(good), "--rejects", str(rejects)])
    captured = capsys.readouterr()
    assert code == 1
    assert "broken.xlsx" in captured.err and "Traceback" not in captured.err
    assert "notice.txt: read 1 rows: loaded 1" in captured.out
    assert "broken.xlsx" in rejects.read_text(encoding="utf-8-sig")


def test_the_progress_bar_reads_then_loads_on_a_terminal_and_stays_silent_in_a_pipe() -> None:
    import io

    from qinyou.progress import Bar

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    shown = Terminal()
    with Bar("read", 1, stream=shown) as bar:
        bar.on_file(Path("户籍.csv"), 1, 2)
        bar.on_load("Person", 3, 4)
    lines = shown.getvalue().split("\r")
    assert lines[1].startswith("read [###############...............] 1/2 户籍.csv")
    assert lines[2].startswith("load [") and "3/4 Person" in lines[2] and shown.getvalue().endswith("\n")
    piped = io.StringIO()
    with Bar("read", 1, stream=piped) as bar:
        bar.on_file(Path("户籍.csv"), 1, 2)
    assert piped.getvalue() == ""
