"""Which languages an embedding model understands, measured, and a query's language.

Hybrid search fuses the full-text list with the embedding model's list. An English-only
model (all-MiniLM-L6-v2) still returns a list for a Chinese query, but one that matches
mostly on shared characters: fused with the same weight as the full-text list it pushes
strong Chinese hits out. So the knowledge base measures, when a model is chosen (and
once for a model chosen before this check existed), whether the model tells a
paraphrase from an unrelated sentence in each language, and fusion only trusts the
embedding list for the languages the model passed.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import numpy as np

#: (sentence, a paraphrase with few words in common, an unrelated sentence sharing a word
#: or two) per language, the same design in each
PROBES: dict[str, list[tuple[str, str, str]]] = {
    "en": [
        ("The train to the airport leaves every twenty minutes.",
         "Airport trains depart three times an hour.",
         "The train museum opens every summer."),
        ("Employees must submit expense reports within thirty days.",
         "Staff have a month to hand in their claims for costs.",
         "Employees enjoyed the thirty-day summer holiday."),
        ("Restart the router if the internet connection drops.",
         "When you lose your connection, switch the router off and on.",
         "The internet changed how people read the news."),
        ("The soup needs to simmer for two hours.",
         "Let the broth cook gently for a couple of hours.",
         "The concert lasted two hours."),
        ("Heavy rain caused the river to flood the town.",
         "The town was under water after a downpour swelled the river.",
         "The town built a new library near the river."),
        ("The meeting was moved to Thursday afternoon.",
         "We rescheduled the meeting for Thursday after lunch.",
         "The meeting room has a new projector."),
    ],
    "zh": [
        ("去机场的列车每二十分钟发一班。", "赶飞机的话，快线一小时有三趟。", "列车博物馆每年夏天开放。"),
        ("员工须在三十天内提交报销单。", "职员有一个月时间交费用凭证。", "员工们享受了三十天的暑假。"),
        ("如果网络断开，请重启路由器。", "上不了网时，把猫关掉再打开。", "网络改变了人们读新闻的方式。"),
        ("这锅汤需要小火炖两个小时。", "让汤慢慢煮上两个钟头。", "音乐会持续了两个小时。"),
        ("暴雨导致河水淹没了小镇。", "一场大雨过后，镇子泡在了水里。", "小镇在河边建了一座新图书馆。"),
        ("会议改到了星期四下午。", "我们把碰头挪到周四午饭以后。", "会议室装了一台新投影仪。"),
    ],
}
#: a language is covered when the paraphrase is closer than the unrelated sentence in at
#: least this share of the probes, by at least this mean margin of cosine similarity
MIN_SHARE = 0.8
MIN_MARGIN = 0.08
STATE_KEY = "embedding_languages"


def probe(embed) -> dict[str, dict[str, float]]:
    """Per language: the share of probes passed and the mean margin (``embed``: a
    function from texts to vectors)."""
    found = {}
    for language, triples in PROBES.items():
        texts = [t for triple in triples for t in triple]
        vectors = np.asarray(embed(texts), dtype=np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
        a, p, u = vectors[0::3], vectors[1::3], vectors[2::3]
        margins = (a * p).sum(axis=1) - (a * u).sum(axis=1)
        found[language] = {"share": float((margins > 0).mean()),
                           "margin": float(margins.mean())}
    return found


def covered(results: dict[str, dict[str, float]]) -> list[str]:
    """The languages a probe says the model understands."""
    return [lang for lang, r in results.items()
            if r["share"] >= MIN_SHARE and r["margin"] >= MIN_MARGIN]


def query_language(text: str) -> str:
    """"zh" when at least a fifth of the query's letters are CJK, else "en"."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return "en"
    cjk = sum("\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff" for c in letters)
    return "zh" if cjk / len(letters) >= 0.2 else "en"


def stored(db, model: str) -> list[str] | None:
    """The languages measured for ``model`` (None: not measured for it yet)."""
    from app.kb.index import get_state

    value = get_state(db, STATE_KEY)
    if not value:
        return None
    data = json.loads(value)
    if not isinstance(data, dict) or data.get("model") != model:
        return None
    return [str(x) for x in data.get("languages", [])]


def model_languages(db, embedder) -> list[str]:
    """The languages ``embedder``'s model covers, measured once per model and kept."""
    known = stored(db, embedder.name)
    if known is not None:
        return known
    return store(db, embedder.name, probe(embedder.embed))


def store(db, model: str, results: dict[str, dict[str, float]]) -> list[str]:
    """Keep what the probe found for ``model`` (its own short transaction: it is written
    from the search path, which otherwise only reads)."""
    from app.kb.index import set_state, transaction

    languages = covered(results)
    with transaction(db):
        set_state(db, STATE_KEY, json.dumps({"model": model, "languages": languages,
                                             "probe": results}))
    return languages


def weights_for(query: str, languages: Sequence[str] | None) -> tuple[float, float]:
    """(full-text weight, embedding weight) for ``query``: the embedding list counts
    only when its model covers the query's language (unknown: it counts)."""
    if languages is None or query_language(query) in languages:
        return 1.0, 1.0
    return 1.0, 0.0
