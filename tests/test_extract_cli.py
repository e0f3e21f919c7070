"""`qinyou extract` per spec/extraction.md: JSON only on stdout, error records, exit codes."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from qinyou.cli import main

NOTICE = "柳河县新民乡前进村党支部书记吴国华违规收取危房改造户好处费3000元，受到党内警告处分。"


def test_txt_and_jsonl_inputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "N1.txt").write_text(NOTICE, encoding="utf-8")
    (tmp_path / "N2.txt").write_bytes(NOTICE.encode("gb18030"))
    (tmp_path / "more.jsonl").write_text(
        json.dumps({"id": "J1", "text": NOTICE, "x": 1}, ensure_ascii=False) + "\nnot json\n", encoding="utf-8")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    code = main(["extract", str(tmp_path / "N1.txt"), str(tmp_path / "N2.txt"), str(tmp_path / "more.jsonl"),
                 str(tmp_path / "bin.txt"), str(tmp_path / "missing.txt")])
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 0
    assert [r["id"] for r in out] == ["N1", "N2", "J1", "more.jsonl:2", "bin"]
    assert out[0]["persons"][0]["name"] == "吴国华"
    assert out[1]["persons"][0]["name"] == "吴国华"
    assert out[0]["amounts"][0]["value_yuan"] == 3000
    assert out[3] == {"id": "more.jsonl:2", "error": "invalid JSON: Expecting value"}
    assert out[4] == {"id": "bin", "error": "not UTF-8 or GB18030 text"}


def test_stdin_and_out_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps({"id": "S1", "text": NOTICE}, ensure_ascii=False)))
    target = tmp_path / "out.jsonl"
    assert main(["extract", "--out", str(target)]) == 0
    assert capsys.readouterr().out == ""
    rec = json.loads(target.read_text(encoding="utf-8"))
    assert rec["id"] == "S1" and rec["punishments"][0]["penalty"] == "党内警告"


def test_nothing_readable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(tmp_path / "nope.txt")]) != 0
    assert capsys.readouterr().out == ""
