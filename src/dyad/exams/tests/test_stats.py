"""`dyad exam stats` and `exams.stats`: numbers checked against values worked by hand."""

from __future__ import annotations

import json

import numpy as np
import pytest

from dyad.cli import main
from dyad.exams import stats

HEADER = "candidate,item,kind,scorer,score,max_score\n"

# Four candidates, three mc items and one written item scored 0..4 by ana and ben.
#
#        m1 m2 m3 | w1 (first, second)
#   c1    1  1  0 | ana 3, ben 2
#   c2    1  0  0 | ana 1, ben 1
#   c3    0  0  1 | ben 0, ana 2   (ben's row comes first: ben's is the first score)
#   c4    1  1  1 | ana 4, ben 4
SMALL = HEADER + (
    "c1,m1,mc,,1,1\nc1,m2,mc,,1,1\nc1,m3,mc,,0,1\n"
    "c2,m1,mc,,1,1\nc2,m2,mc,,0,1\nc2,m3,mc,,0,1\n"
    "c3,m1,mc,,0,1\nc3,m2,mc,,0,1\nc3,m3,mc,,1,1\n"
    "c4,m1,mc,,1,1\nc4,m2,mc,,1,1\nc4,m3,mc,,1,1\n"
    "c1,w1,written,ana,3,4\nc1,w1,written,ben,2,4\n"
    "c2,w1,written,ana,1,4\nc2,w1,written,ben,1,4\n"
    "c3,w1,written,ben,0,4\nc3,w1,written,ana,2,4\n"
    "c4,w1,written,ana,4,4\nc4,w1,written,ben,4,4\n"
)


def run(tmp_path, capsys, text: str, *argv: str) -> tuple[int, str, str]:
    path = tmp_path / "scores.csv"
    path.write_text(text, encoding="utf-8")
    code = main(["exam", "stats", str(path), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_difficulty_and_discrimination_match_the_hand_computation():
    result = stats.compute(stats.read_scores(SMALL))
    # Difficulty is the mean score: m1 3/4 = 0.75, m2 2/4 = 0.5, m3 2/4 = 0.5.
    # Discrimination: Pearson's r between the item and the total of the *other* mc items.
    # m1 = [1,1,0,1] (mean .75), rest m2+m3 = [1,0,1,2] (mean 1):
    #   dx = [.25,.25,-.75,.25], dy = [0,-1,0,1], Σdx·dy = -.25 + .25 = 0, so r = 0.
    # m2 = [1,0,0,1] (mean .5), rest m1+m3 = [1,1,1,2] (mean 1.25):
    #   dx = [.5,-.5,-.5,.5], dy = [-.25,-.25,-.25,.75], Σdx·dy = .5, Σdx² = 1, Σdy² = .75,
    #   r = .5 / √.75 = 0.57735.
    # m3 = [0,0,1,1] (mean .5), rest m1+m2 = [2,1,0,2] (mean 1.25):
    #   dx = [-.5,-.5,.5,.5], dy = [.75,-.25,-1.25,.75], Σdx·dy = -.5, Σdx² = 1, Σdy² = 2.75,
    #   r = -.5 / √2.75 = -0.30151.
    assert result["items"] == [
        {"item": "m1", "difficulty": 0.75, "discrimination": 0.0},
        {"item": "m2", "difficulty": 0.5, "discrimination": 0.5774},
        {"item": "m3", "difficulty": 0.5, "discrimination": -0.3015},
    ]


def test_written_agreement_and_kappa_match_the_hand_computation():
    result = stats.compute(stats.read_scores(SMALL))
    # first = [3,1,0,4], second = [2,1,2,4]; differences 1,0,2,0.
    # Exact: 2 of 4 = 0.5. Adjacent (differ by at most 1): 3 of 4 = 0.75.
    # Quadratic kappa = 1 − Σ w·O / Σ w·E with w = (i−j)² (the 1/16 scaling cancels).
    #   Observed: (3,2) 1 + (1,1) 0 + (0,2) 4 + (4,4) 0 = 5.
    #   Expected: first's marginals 0,1,3,4 one each; second's 1:1, 2:2, 4:1; n = 4.
    #     from 0: 1·1·1 + 1·2·4 + 1·1·16 = 25; from 1: 0 + 2 + 9 = 11;
    #     from 3: 4 + 2 + 1 = 7;             from 4: 9 + 8 + 0 = 17;   (25+11+7+17)/4 = 15.
    #   κ = 1 − 5/15 = 0.6667.
    assert result["written"] == [
        {"item": "w1", "exact_agreement": 0.5, "adjacent_agreement": 0.75, "qwk": 0.6667}
    ]


def test_scorer_severity_is_the_mean_difference_from_the_other_scorer():
    result = stats.compute(stats.read_scores(SMALL))
    # ana − ben: c1 3−2 = 1, c2 0, c3 2−0 = 2, c4 0: mean 3/4 = 0.75; ben is the mirror image.
    assert result["scorers"] == [
        {"scorer": "ana", "severity": 0.75},
        {"scorer": "ben", "severity": -0.75},
    ]


def test_alpha_and_kr20_match_the_hand_computation():
    result = stats.compute(stats.read_scores(SMALL))
    # Alpha over m1, m2, m3 and w1 (the mean of its two scores: 2.5, 1, 1, 4).
    #   Totals 4.5, 2, 2, 7 (mean 3.875): variance (.390625 + 3.515625·2 + 9.765625)/4 = 4.296875.
    #   Item variances: m1 .1875, m2 .25, m3 .25, w1 (mean 2.125) 6.1875/4 = 1.546875; Σ 2.234375.
    #   α = 4/3 · (1 − 2.234375/4.296875) = 4/3 · 0.48 = 0.64.
    # KR-20 over m1..m3: totals 2, 1, 1, 3 (mean 1.75), variance 2.75/4 = .6875;
    #   Σ p·q = .75·.25 + .5·.5 + .5·.5 = .6875; KR-20 = 3/2 · (1 − 1) = 0.
    assert result["reliability"] == {"alpha": 0.64, "kr20": 0.0}


def test_kr20_on_a_second_table():
    # 5 candidates × 3 items: [1,1,1], [1,1,0], [1,0,0], [0,0,0], [1,1,1].
    # Totals 3,2,1,0,3 (mean 1.8), variance (1.44+.04+.64+3.24+1.44)/5 = 1.36.
    # p = .8, .6, .4; Σ p·q = .16 + .24 + .24 = .64. KR-20 = 3/2 · (1 − .64/1.36) = 0.79412.
    matrix = [[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 0, 0], [1, 1, 1]]
    text = HEADER + "".join(
        f"c{c},m{i},mc,,{score},1\n" for c, row in enumerate(matrix) for i, score in enumerate(row)
    )
    result = stats.compute(stats.read_scores(text))
    assert result["reliability"] == {"alpha": 0.7941, "kr20": 0.7941}
    assert stats.kr20(np.asarray(matrix, dtype=float)) == pytest.approx(0.794117647)


def test_no_variance_gives_null_rather_than_a_number():
    # Everybody right on m1: difficulty 1, no variance so no discrimination. Both scorers gave 2
    # to both responses: perfect agreement, kappa undefined (null). Totals all equal: no alpha.
    text = HEADER + (
        "a,m1,mc,,1,1\nb,m1,mc,,1,1\n"
        "a,w1,written,x,2,3\na,w1,written,y,2,3\nb,w1,written,x,2,3\nb,w1,written,y,2,3\n"
    )
    result = stats.compute(stats.read_scores(text))
    assert result["items"] == [{"item": "m1", "difficulty": 1.0, "discrimination": None}]
    assert result["written"] == [
        {"item": "w1", "exact_agreement": 1.0, "adjacent_agreement": 1.0, "qwk": None}
    ]
    assert result["reliability"] == {"alpha": None, "kr20": None}


def test_a_candidate_missing_an_item_is_left_out_of_alpha_only():
    # d has no m2: still counted in m1's difficulty, left out of alpha and KR-20.
    text = HEADER + (
        "a,m1,mc,,1,1\na,m2,mc,,1,1\nb,m1,mc,,0,1\nb,m2,mc,,0,1\nc,m1,mc,,1,1\nc,m2,mc,,0,1\n"
        "d,m1,mc,,0,1\n"
    )
    result = stats.compute(stats.read_scores(text))
    assert result["items"][0]["difficulty"] == 0.5  # a 1, b 0, c 1, d 0
    # Alpha over a, b, c: m1 = [1,0,1], m2 = [1,0,0]; totals 2,0,1 (var 2/3);
    # item variances 2/9 + 2/9 = 4/9; α = 2 · (1 − (4/9)/(2/3)) = 2/3.
    assert result["reliability"]["alpha"] == 0.6667


def test_command_prints_json_with_the_format_and_four_decimals(tmp_path, capsys):
    code, out, err = run(tmp_path, capsys, SMALL, "--format", "json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data["format"] == "dyad-exam-stats/1"
    assert set(data) == {"format", "items", "written", "scorers", "reliability"}
    assert data["items"][1]["discrimination"] == 0.5774


def test_command_prints_text_by_default(tmp_path, capsys):
    code, out, err = run(tmp_path, capsys, SMALL)
    assert code == 0 and err == ""
    assert "m2" in out and "0.5774" in out and "0.6667" in out
    assert "alpha 0.6400, KR-20 0.0000" in out


def test_bad_rows_exit_2_with_one_line_per_problem_naming_the_line(tmp_path, capsys):
    text = HEADER + (
        "c1,m1,mc,x,2,1\n"  # line 2: scorer on mc and score 2
        "c1,w1,written,a,5,4\n"  # line 3: above max
        "c1,m2,mc,,1\n"  # line 4: five fields
        "c1,q,essay,a,1,3\n"  # line 5: unknown kind
        "c2,w2,written,a,1,3\n"  # line 6: only one score (reported after the rows)
        "c2,m3,mc,,1,1\nc2,m3,mc,,0,1\n"  # line 8: second row for the same mc item
        "c3,w3,written,a,1,3\nc3,w3,written,a,2,3\n"  # line 10: same scorer twice
        "c4,w4,written,a,1,2\nc4,w4,written,b,1,3\n"  # line 12: other max_score
    )
    code, out, err = run(tmp_path, capsys, text, "--format", "json")
    assert code == 2 and out == ""
    lines = err.splitlines()
    assert all(line.startswith(str(tmp_path / "scores.csv") + " line ") for line in lines)
    said = "\n".join(lines)
    assert "line 2: an mc row has no scorer, not 'x'; an mc score is 0 or 1, not '2'" in said
    assert "line 3: score must be a whole number from 0 to 4, not '5'" in said
    assert "line 4: 5 fields, expected 6" in said
    assert "line 5: kind must be mc or written, not 'essay'" in said
    assert "line 6: written item w2 for candidate c2 has one score" in said
    assert "line 8: candidate c2 already has a score for mc item m3 on line 7" in said
    assert "line 10: scorer a already scored written item w3 for candidate c3 on line 9" in said
    assert "line 12: item w4 has max_score 2 on line 11" in said
    assert "Traceback" not in err


def test_wrong_header_and_empty_file(tmp_path, capsys):
    code, out, err = run(tmp_path, capsys, "candidate,item,score\nc,i,1\n")
    assert code == 2 and out == ""
    assert err.strip().endswith(
        "line 1: the header must be candidate,item,kind,scorer,score,max_score, "
        "not candidate,item,score"
    )
    code, _out, err = run(tmp_path, capsys, "")
    assert code == 2 and "line 1: the file is empty" in err


def test_many_problems_are_capped_with_a_count(tmp_path, capsys):
    text = HEADER + "".join(f"c{i},m1,mc,,7,1\n" for i in range(25))
    code, _out, err = run(tmp_path, capsys, text)
    lines = err.splitlines()
    assert code == 2 and len(lines) == 21
    assert lines[-1] == "... and 5 more problems"


def test_unreadable_files_exit_2_without_a_traceback(tmp_path, capsys):
    assert main(["exam", "stats", str(tmp_path / "missing.csv")]) == 2
    assert "cannot be read" in capsys.readouterr().err
    binary = tmp_path / "scores.csv"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    assert main(["exam", "stats", str(binary)]) == 2
    assert "not a UTF-8 text file" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        main(["exam", "stats", str(binary), "--format", "xml"])
    assert exit_.value.code == 2


def test_a_byte_order_mark_blank_lines_and_spaces_are_accepted(tmp_path, capsys):
    text = "\ufeff" + HEADER + "a, m1 ,mc,,1,1\n\nb,m1,mc,, 0 ,\n"
    code, out, _err = run(tmp_path, capsys, text, "--format", "json")
    assert code == 0
    assert json.loads(out)["items"] == [{"item": "m1", "difficulty": 0.5, "discrimination": None}]


def test_the_docs_page_shows_what_the_command_prints(tmp_path, capsys):
    from pathlib import Path

    page = (Path(__file__).parents[4] / "docs" / "exam-stats.md").read_text(encoding="utf-8")
    blocks = page.split("```")
    fenced = [blocks[i] for i in range(1, len(blocks), 2)]
    example = next(b for b in fenced if b.startswith("\ncandidate,item,kind") and "c4,w1" in b)
    shown_text = next(b for b in fenced if b.startswith("\nMultiple-choice items"))
    shown_json = next(b for b in fenced if b.startswith("json\n"))
    assert example.lstrip("\n") == SMALL
    code, out, _err = run(tmp_path, capsys, SMALL)
    assert code == 0 and out == shown_text.lstrip("\n")
    code, out, _err = run(tmp_path, capsys, SMALL, "--format", "json")
    assert code == 0 and json.loads(out) == json.loads(shown_json.removeprefix("json\n"))
