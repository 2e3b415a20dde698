"""jieba's segmentation of one block, computed in one pass: the same tokens, faster.

``jieba.Tokenizer.lcut`` splits a text into blocks (``lexicon.BLOCK_RE``) and
segments each with ``__cut_DAG``: build the DAG of dictionary words starting at
each position (``get_DAG``), find the most probable route right to left (``calc``),
then walk it, handing runs of single characters that are not a word to the HMM
(``jieba.finalseg``).  ``cut_block`` does exactly that with the DAG and the route in
one loop and no intermediate dict of lists: the same candidates, the same floating
point expression ``log(freq) - log(total) + route[x + 1]`` in the same order, the
same tie rule (``max`` over ``(probability, end)`` pairs: an equal probability goes to
the longer word), and jieba's own HMM.  ``tests/keywords/test_blockcut.py`` checks it
against jieba on generated text and ``bench/bench_analyzer.py`` on the corpus.
"""

from __future__ import annotations

from math import log

import jieba
from jieba import finalseg


def cut_block(tokenizer: jieba.Tokenizer, sentence: str) -> list[str]:
    """``list(tokenizer._Tokenizer__cut_DAG(sentence))`` (HMM on) for one block."""
    freq: dict[str, int] = tokenizer.FREQ
    logtotal = log(tokenizer.total)
    size = len(sentence)
    best_end = [0] * (size + 1)
    best_prob = [0.0] * (size + 1)
    for idx in range(size - 1, -1, -1):
        prob: float | None = None
        end = idx
        i = idx
        frag = sentence[idx]
        count = freq.get(frag)
        while count is not None:
            if count:
                p = log(count) - logtotal + best_prob[i + 1]
                if prob is None or p >= prob:  # later ends come later: a tie goes to them
                    prob, end = p, i
            i += 1
            if i >= size:
                break
            frag = sentence[idx : i + 1]
            count = freq.get(frag)
        if prob is None:  # no word starts here: the character alone
            prob = log(freq.get(sentence[idx]) or 1) - logtotal + best_prob[idx + 1]
        best_prob[idx] = prob
        best_end[idx] = end
    tokens: list[str] = []
    buf = ""
    x = 0
    while x < size:
        y = best_end[x] + 1
        if y - x == 1:
            buf += sentence[x]
        else:
            if buf:
                _flush(buf, freq, tokens)
                buf = ""
            tokens.append(sentence[x:y])
        x = y
    if buf:
        _flush(buf, freq, tokens)
    return tokens


def _flush(buf: str, freq: dict[str, int], tokens: list[str]) -> None:
    """A run of single characters: alone, as characters if it is a word, else the HMM's."""
    if len(buf) == 1:
        tokens.append(buf)
    elif not freq.get(buf):
        tokens.extend(finalseg.cut(buf))
    else:
        tokens.extend(buf)
