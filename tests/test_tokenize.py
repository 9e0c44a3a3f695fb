"""The tokenizer wrapper: offsets, rebuild, parallel batches equal serial ones."""
from hypothesis import given, settings, strategies as st

from hodo.normalize import normalize_text
from hodo.sentences import split_sentences
from hodo.tokenize import tokenize_batches, tokenize_document

TEXT = normalize_text("ロシアのウラジーミル・プーチン大統領は１５日、アラスカ州アンカレッジで会談した。\n"
                      "- 会談は約3時間 続いた。 「大きな進展だ」と述べた。")


def test_tokens_point_at_their_surface_and_rebuild_the_sentence():
    sentences = split_sentences(TEXT)
    for s, toks in zip(sentences, tokenize_document(TEXT, sentences)):
        for t in toks:
            assert TEXT[t.start_char:t.end_char] == t.surface
            assert t.pos.count(",") == 3
        assert "".join(t.surface for t in toks) == "".join(s.text.split())


def test_parallel_batches_equal_a_serial_run():
    docs = [(f"d{i}", TEXT, split_sentences(TEXT)) for i in range(6)]
    serial = list(tokenize_batches(docs, workers=1, batch_chars=50))
    parallel = list(tokenize_batches(docs, workers=2, batch_chars=50))
    flat = lambda batches: [tuple(b[c][i] for c in b) for b in batches for i in range(len(b["doc_id"]))]
    assert flat(serial) == flat(parallel)
    assert len(flat(serial)) > 6 * 20


def test_the_fork_server_is_stopped_after_its_pool_and_a_later_pool_starts_another():
    from multiprocessing import forkserver

    from hodo.tokenize import stop_fork_server

    docs = [(f"d{i}", TEXT, split_sentences(TEXT)) for i in range(6)]
    first = list(tokenize_batches(docs, workers=2, batch_chars=50))
    assert forkserver._forkserver._forkserver_pid is not None  # the pool ran on a fork server
    stop_fork_server()
    assert forkserver._forkserver._forkserver_pid is None
    second = list(tokenize_batches(docs, workers=2, batch_chars=50))
    assert [b["surface"] for b in second] == [b["surface"] for b in first]
    stop_fork_server()


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("東京都で会談したアメリカ・ロシア 2025年「」。、\n")), max_size=120))
def test_tokenizer_never_loses_or_reorders_characters(text):
    sentences = split_sentences(text)
    for s, toks in zip(sentences, tokenize_document(text, sentences)):
        ends = [t.start_char for t in toks]
        assert ends == sorted(ends)
        assert "".join(t.surface for t in toks) == "".join(s.text.split())
