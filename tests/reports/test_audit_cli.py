"""`gongkai audit PATH... [--json] [--csv OUT]`: exit 0/1/2, Chinese messages, never a traceback."""

import csv
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

REPO = Path(__file__).resolve().parents[2]


def run(capsys, *args):
    with pytest.raises(SystemExit) as exc:
        call_command("audit", *[str(a) for a in args])
    out, err = capsys.readouterr()
    return exc.value.code, out, err


@pytest.fixture
def seed(shared_dir):
    return shared_dir / "fixtures/seed/luzhou-statistics-bureau-2020.txt"


@pytest.fixture
def hongze(shared_dir):
    return shared_dir / "fixtures/reports/hongze-2023.txt"


def test_one_readable_report_without_errors_exits_0(capsys, seed):
    code, out, _err = run(capsys, seed)
    assert code == 0
    assert out.startswith("泸州市统计局 2020年度报告 · 2019年格式 · 错误 0 项")
    assert "[警告 HEADER_LOST]" in out and "84.35%" in out


def test_report_with_errors_exits_1(capsys, hongze):
    code, out, _err = run(capsys, hongze)
    assert code == 1
    assert "[错误 L5] 表四 行政复议 / 总计" in out
    assert "[错误 FORMAT_MIXED]" in out


def test_json_is_the_interchange(capsys, hongze, shared_dir):
    code, out, _err = run(capsys, hongze, "--json")
    assert code == 1
    data = json.loads(out)
    expected = json.loads((shared_dir / "fixtures/reports/hongze-2023.expected.json").read_text("utf-8"))
    assert data["format"] == "2021" and data["year"] == 2023
    assert data["table3"] == expected["table3"] and data["table4"] == expected["table4"]
    assert {f["code"] for f in data["findings"]} >= {"L5", "FORMAT_MIXED"}
    assert set(data["findings"][0]) == {"code", "severity", "where", "message"}
    assert "prose" not in data.get("extra", {})


def test_folder_gives_summary_and_csv(capsys, shared_dir, tmp_path):
    out_csv = tmp_path / "summary.csv"
    code, out, err = run(capsys, shared_dir / "fixtures", "--csv", out_csv)
    assert code == 1  # hongze has errors
    lines = out.splitlines()
    assert lines[0].split()[:6] == ["文件", "单位", "年度", "格式", "错误", "警告"]
    assert len(lines) == 1 + 5 + 1 and "共 5 份" in lines[-1]
    with out_csv.open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    by_name = {Path(r["文件"]).name: r for r in rows}
    assert by_name["hongze-2023.txt"]["错误代码"] == "FORMAT_MIXED L5"
    assert by_name["luzhou-statistics-bureau-2020.txt"]["单位"] == "泸州市统计局"
    assert by_name["luzhou-statistics-bureau-2020.txt"]["错误"] == "0"
    assert "汇总表已写入" in err


def test_consecutive_years_in_a_batch_are_checked_across_years(capsys, seed, tmp_path):
    this_year = seed.read_text("utf-8")
    last_year = this_year.replace("2020", "2019")
    # last year's report carried 2 applications over (总计 column); this year's says none came in → X1
    last_year = re.sub(r"0(\s*\n\n四、政府信息公开行政复议)", r"2\1", last_year)
    assert last_year != this_year.replace("2020", "2019")
    (tmp_path / "2019.txt").write_text(last_year, "utf-8")
    (tmp_path / "2020.txt").write_text(this_year, "utf-8")
    code, out, _ = run(capsys, tmp_path / "2019.txt", tmp_path / "2020.txt", "--json")
    data = json.loads(out)
    codes_2020 = {f["code"] for f in data[1]["report"]["findings"]}
    assert "X1" in codes_2020 and "SIMILAR" in codes_2020
    assert code == 1  # last year's own L1/L3 errors from the edited cell


@pytest.mark.parametrize(
    "content,words",
    [
        (b"", "文件是空的"),
        (bytes(range(256)) * 10, "二进制"),
        ("Relatório anual é ótimo".encode("latin-1"), "编码"),
        ("这是一篇普通的文章，与年度报告无关。".encode(), "不是政府信息公开工作年度报告"),
    ],
)
def test_unreadable_input_exits_2_with_reason(capsys, tmp_path, content, words):
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    code, out, err = run(capsys, f)
    assert code == 2 and out == ""
    assert words in err and "Traceback" not in err


def test_truncated_and_huge_files_exit_2(capsys, seed, tmp_path):
    cut = tmp_path / "cut.txt"
    cut.write_bytes(seed.read_bytes()[: len(seed.read_bytes()) // 2])
    code, _out, err = run(capsys, cut)
    assert code == 2 and ("截断" in err or "未找到" in err)
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # a 50 MB file (sparse): refused without being read
    code, _out, err = run(capsys, huge)
    assert code == 2 and "文件过大（50.0 MB）" in err


def test_missing_path_and_mixed_batch(capsys, seed, tmp_path):
    code, _out, err = run(capsys, tmp_path / "nope.txt")
    assert code == 2 and "找不到文件或文件夹" in err
    bad = tmp_path / "bad.html"
    bad.write_bytes(b"<html><body>hello</body></html>")
    code, out, _err = run(capsys, seed, bad)
    assert code == 2
    assert "无法读取：" in out and "泸州市统计局" in out


def test_unwritable_csv_is_a_clear_error(capsys, seed, tmp_path):
    code, _out, err = run(capsys, seed, "--csv", tmp_path / "no-such-dir" / "out.csv")
    assert code == 2 and "无法写入 CSV 文件" in err and "Traceback" not in err


@pytest.mark.skipif(not (REPO / ".venv/bin/gongkai").exists() and not shutil.which("gongkai"), reason="console script")
def test_console_script_end_to_end(tmp_path):
    exe = REPO / ".venv/bin/gongkai"
    exe = str(exe) if exe.exists() else shutil.which("gongkai")
    f = tmp_path / "x.pdf"
    f.write_bytes(b"%PDF-1.4 broken")
    proc = subprocess.run([exe, "audit", str(f)], capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 2
    assert "PDF" in proc.stderr and "Traceback" not in proc.stderr
    assert sys.executable  # the suite's interpreter runs the same package


def test_summary_has_the_batch_columns_and_published_date(capsys, seed, hongze, tmp_path):
    code, out, _err = run(capsys, seed, hongze)
    assert "发布日期" in out and "按时发布" in out and "内容雷同" in out
    assert "2021-01-25  按时" in out and "逾期发布 0 份" in out
    code, out, _err = run(capsys, seed, "--published", "2021-02-10")
    assert code == 0 and "[警告 LATE] 发布时间" in out
    code, _out, err = run(capsys, seed, "--published", "2021/02/10")
    assert code == 2 and "YYYY-MM-DD" in err
