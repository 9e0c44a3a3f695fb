"""A user extends janome's dictionary without touching code (HODO_USER_DICT, IPADIC CSV rows)."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROBE = """
from hodo.sentences import split_sentences
from hodo.tokenize import tokenize_document
text = "大統領はアンカレッジに到着した。"
print("|".join(t.surface for t in tokenize_document(text, split_sentences(text))[0]))
"""


def tokens_with(env_extra: dict) -> list[str]:
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith("HODO_")} | env_extra
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True,
                         check=True)
    return out.stdout.strip().splitlines()[-1].split("|")


def test_a_user_dictionary_row_keeps_a_place_name_whole(tmp_path):
    assert "アンカレッジ" not in tokens_with({})  # janome's IPADIC splits it (アン + カレッジ)
    udic = tmp_path / "user.csv"
    udic.write_text("アンカレッジ,1288,1288,3000,名詞,固有名詞,地域,一般,*,*,アンカレッジ,アンカレッジ,アンカレッジ\n",
                    encoding="utf-8")
    assert "アンカレッジ" in tokens_with({"HODO_USER_DICT": str(udic)})
