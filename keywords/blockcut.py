"""jieba's segmentation of one block, computed in one pass: the same tokens, faster.

``jieba.Tokenizer.lcut`` splits a text into blocks (``lexicon.BLOCK_RE``) and
segments each with ``__cut_DAG``: build the DAG of dictionary words starting at
each position (``get_DAG``), find the most probable route right to left (``calc``),
then walk it, handing runs of single characters that are not a word to the HMM
(``jieba.finalseg``).  ``cut_block`` does exactly that with the DAG and the route in
one loop and no intermediate dict of lists: the same candidates, the same floating
point expression ``log(freq) - log(total) + route[x + 1]`` in the same order, the
same tie rule (``max`` over ``(probability, end)`` pairs: an equal probability goes to
the longer word).  A run of CJK characters goes to ``hmm_cut``, jieba's Viterbi
(``finalseg.viterbi``) unrolled over its four states with back pointers instead of
copied paths (five times faster, the same sums in the same order, the same tie
rule); anything else, or when jieba has force-split words, to ``finalseg.cut``
itself.  ``tests/keywords/test_blockcut.py`` checks both against jieba on generated
text and ``bench/bench_analyzer.py`` on the corpus.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from math import log

import jieba
from jieba import finalseg

_MIN = finalseg.MIN_FLOAT
_TRANS = finalseg.trans_P


def _trans(a: str, b: str) -> float:
    return float(_TRANS[a].get(b, _MIN))


# the transitions the Viterbi step reads (finalseg.PrevStatus: B from E or S, M from M
# or B, S from S or E, E from B or M)
_EB, _SB, _MM, _BM = _trans("E", "B"), _trans("S", "B"), _trans("M", "M"), _trans("B", "M")
_SS, _ES, _BE, _ME = _trans("S", "S"), _trans("E", "S"), _trans("B", "E"), _trans("M", "E")
_START = tuple(float(finalseg.start_P[s]) for s in "BMSE")
_EMIT: dict[str, tuple[float, float, float, float]] = {
    ch: (
        finalseg.emit_P["B"].get(ch, _MIN),
        finalseg.emit_P["M"].get(ch, _MIN),
        finalseg.emit_P["S"].get(ch, _MIN),
        finalseg.emit_P["E"].get(ch, _MIN),
    )
    for state in "BMES"
    for ch in finalseg.emit_P[state]
}
"""Each character's emission log probability in the states B, M, S, E."""
_UNSEEN = (_MIN, _MIN, _MIN, _MIN)
_B, _M, _S, _E = 0, 1, 2, 3
_HAN_RUN = re.compile("[\u4e00-\u9fd5]+")
"""A run the HMM takes whole (``finalseg.re_han``); ``finalseg.cut`` splits anything else
with ``re_han`` and ``re_skip``, as ``_flush`` does."""
_HAN_SPLIT = finalseg.re_han
_SKIP_SPLIT = finalseg.re_skip


def hmm_cut(run: str, tokens: list[str]) -> None:
    """Append ``finalseg.cut(run)``'s words for a non-empty run of CJK characters."""
    emit = _EMIT.get
    e = emit(run[0], _UNSEEN)
    vb, vm, vs, ve = _START[0] + e[0], _START[1] + e[1], _START[2] + e[2], _START[3] + e[3]
    back: list[tuple[int, int, int, int]] = []
    for ch in run[1:]:
        eb, em, es, ee = emit(ch, _UNSEEN)
        # max((prob, state) ...) of jieba: an equal probability goes to the later letter
        a, b = ve + _EB + eb, vs + _SB + eb
        nb, fb = (a, _E) if a > b else (b, _S)
        a, b = vm + _MM + em, vb + _BM + em
        nm, fm = (b, _B) if b > a else (a, _M)
        a, b = vs + _SS + es, ve + _ES + es
        ns, fs = (b, _E) if b > a else (a, _S)
        a, b = vb + _BE + ee, vm + _ME + ee
        ne, fe = (a, _B) if a > b else (b, _M)
        back.append((fb, fm, fs, fe))
        vb, vm, vs, ve = nb, nm, ns, ne
    size = len(run)
    states = [0] * size
    state = _E if ve > vs else _S
    states[-1] = state
    for t in range(size - 1, 0, -1):
        state = back[t - 1][state]
        states[t - 1] = state
    begin = done = 0
    for i, state in enumerate(states):
        if state == _B:
            begin = i
        elif state == _E:
            tokens.append(run[begin : i + 1])
            done = i + 1
        elif state == _S:
            tokens.append(run[i])
            done = i + 1
    if done < size:
        tokens.append(run[done:])


def cut_block(tokenizer: jieba.Tokenizer, sentence: str) -> list[str]:
    """``list(tokenizer._Tokenizer__cut_DAG(sentence))`` (HMM on) for one block."""
    get = tokenizer.FREQ.get
    logtotal = log(tokenizer.total)
    alone = log(1) - logtotal  # a character that starts no word: jieba's frequency 1
    size = len(sentence)
    best_end = list(range(size + 1))
    best_prob = [0.0] * (size + 1)
    for idx in range(size - 1, -1, -1):
        count = get(sentence[idx])
        if count is None:  # no word starts here: the character alone
            best_prob[idx] = alone + best_prob[idx + 1]
            continue
        prob: float | None = None
        end = i = idx
        while True:
            if count:
                p = log(count) - logtotal + best_prob[i + 1]
                if prob is None or p >= prob:  # later ends come later: a tie goes to them
                    prob, end = p, i
            i += 1
            if i >= size:
                break
            count = get(sentence[idx : i + 1])
            if count is None:
                break
        if prob is None:  # only longer words start here, none of them in the block
            prob = log(get(sentence[idx]) or 1) - logtotal + best_prob[idx + 1]
        best_prob[idx] = prob
        best_end[idx] = end
    tokens: list[str] = []
    run = -1  # where the current run of single characters began
    x = 0
    while x < size:
        y = best_end[x] + 1
        if y - x == 1:
            if run < 0:
                run = x
        else:
            if run >= 0:
                _flush(sentence[run:x], get, tokens)
                run = -1
            tokens.append(sentence[x:y])
        x = y
    if run >= 0:
        _flush(sentence[run:], get, tokens)
    return tokens


def _flush(buf: str, get: Callable[[str], int | None], tokens: list[str]) -> None:
    """A run of single characters: alone, as characters if it is a word, else the HMM's."""
    if len(buf) == 1:
        tokens.append(buf)
    elif get(buf):
        tokens.extend(buf)
    elif finalseg.Force_Split_Words:
        tokens.extend(finalseg.cut(buf))
    elif _HAN_RUN.fullmatch(buf):
        hmm_cut(buf, tokens)
    else:  # finalseg.cut: CJK runs to the HMM, the rest split by its re_skip
        for piece in _HAN_SPLIT.split(buf):
            if _HAN_RUN.match(piece):
                hmm_cut(piece, tokens)
            elif piece:
                tokens += [x for x in _SKIP_SPLIT.split(piece) if x]
