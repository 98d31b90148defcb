"""``hearth bench kb``: indexing throughput and hybrid query latency of the knowledge base.

Ingest is measured end to end (register, extract in the child process, chunk, embed,
index) on about 1,000 chunks from generated documents of every format, against the rate
of the same embedder called directly on the same chunk texts in the same run: their
ratio says whether the pipeline is embedding-bound. llama-cpp-python's own
``Llama.embed`` is measured on the same texts as a reference for the embedder itself.

The embedder's speed-ups are measured against session 1's configuration (one context
using every thread, the original file) on the same chunks, interleaved round by round
so that load from other programs falls on all of them alike: ``embed_before_chunks_s``
(that configuration), ``embed_workers_chunks_s`` (one single-threaded context per core,
original file), ``embed_after_chunks_s`` (that plus the verified F16 copy: what Hearth
uses). ``gflop_per_chunk`` and ``achieved_gflops`` say how close it runs to the CPU.

Query latency is measured on an index filled to ``--chunks`` with synthetic text and
random vectors (plus the real documents), with real queries; the query embedding is
timed separately and excluded from the search latency.
"""

from __future__ import annotations

import json
import random
import tempfile
import time
from pathlib import Path

import click
import numpy as np

TOPICS = {
    "orchard": "apple orchard harvest pruning blossom cider frost grafting rootstock bees",
    "river": "river delta sediment flood levee estuary salmon current bridge ferry",
    "compiler": "compiler parser register allocation bytecode optimizer linker inlining loop",
    "bakery": "bakery sourdough flour yeast oven crust proofing butter pastry rye",
    "telescope": "telescope mirror lens galaxy nebula exposure mount eyepiece comet orbit",
    "railway": "railway locomotive timetable signal platform freight sleeper carriage gauge",
    "glacier": "glacier ice moraine crevasse meltwater valley snowfield calving retreat",
    "market": "market stall vendor price haggle spice textile produce ledger coin",
    "violin": "violin bow rosin string bridge luthier varnish concerto tuning scroll",
    "hospital": "hospital nurse ward surgery diagnosis triage ambulance patient clinic",
}
COMMON = (
    "the of and to in is was for on that with as by at from this it an be are which or "
    "has had have were not but its also their more other after first two new can into "
    "most some these many when only then over used such through during between each "
    "while where both well since under later several because however"
).split()
VERBS = ("describes measures supports changes reduces improves follows explains shapes "
         "records keeps moves guides protects requires").split()
QUESTIONS = [
    "how does grafting onto rootstock affect an apple orchard",
    "why do levees fail when the river floods the delta",
    "what does register allocation do in a compiler",
    "how long should sourdough proof before the oven",
    "which mirror does the telescope use to see a nebula",
    "how is a railway timetable kept with signals",
    "what happens when a glacier retreats up the valley",
    "how do vendors set the price at a spice market",
    "why does a luthier varnish a violin",
    "how does triage work in a hospital ward",
]


def topic_paragraph(rng: random.Random, topic: str, sentences: int = 6) -> str:
    """A paragraph of plausible English-like sentences about one topic."""
    words = TOPICS[topic].split()
    out = []
    for _ in range(sentences):
        parts = [rng.choice(COMMON) if rng.random() < 0.45 else rng.choice(words)
                 for _ in range(rng.randint(10, 18))]
        parts.insert(2, rng.choice(VERBS))
        out.append(" ".join(parts).capitalize() + ".")
    return " ".join(out)


def write_documents(folder: Path, target_chunks: int, seed: int = 7) -> list[Path]:
    """Documents of every supported format, together about ``target_chunks`` chunks."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    writers = [_write_markdown, _write_text, _write_html, _write_docx, _write_pdf]
    per_doc = 50  # chunks per document, roughly (paragraphs of ~6 sentences ~ 1 chunk)
    paths = []
    for i in range(max(1, target_chunks // per_doc)):
        topic = list(TOPICS)[i % len(TOPICS)]
        sections = [(f"{topic.title()} part {s + 1}",
                     [topic_paragraph(rng, topic) for _ in range(per_doc // 5)])
                    for s in range(5)]
        writer = writers[i % len(writers)]
        path = writer(folder / f"doc{i:03d}-{topic}", sections)
        if path is not None:
            paths.append(path)
    return paths


def _write_markdown(stem: Path, sections) -> Path:
    text = "\n\n".join(f"# {title}\n\n" + "\n\n".join(paras) for title, paras in sections)
    path = stem.with_suffix(".md")
    path.write_text(text, encoding="utf-8")
    return path


def _write_text(stem: Path, sections) -> Path:
    text = "\n\n".join(title + "\n\n" + "\n\n".join(paras) for title, paras in sections)
    path = stem.with_suffix(".txt")
    path.write_text(text, encoding="utf-16")
    return path


def _write_html(stem: Path, sections) -> Path:
    body = "".join(f"<h2>{title}</h2>" + "".join(f"<p>{p}</p>" for p in paras)
                   for title, paras in sections)
    html = ("<html><head><script>var x = 'menu';</script></head><body><nav>Home About"
            f"</nav><main>{body}</main><footer>Copyright</footer></body></html>")
    path = stem.with_suffix(".html")
    path.write_text(html, encoding="utf-8")
    return path


def _write_docx(stem: Path, sections) -> Path:
    import docx

    document = docx.Document()
    for title, paras in sections:
        document.add_heading(title, level=1)
        for para in paras:
            document.add_paragraph(para)
    path = stem.with_suffix(".docx")
    document.save(str(path))
    return path


def _write_pdf(stem: Path, sections) -> Path | None:
    try:
        from fpdf import FPDF
    except ImportError:  # fpdf2 is a test dependency; without it, another Markdown file
        return _write_markdown(stem, sections)
    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    for title, paras in sections:
        pdf.add_page()
        pdf.multi_cell(0, 6, title + "\n\n" + "\n\n".join(paras))
    path = stem.with_suffix(".pdf")
    pdf.output(str(path))
    return path


# --- synthetic filling for query latency ---------------------------------------------------


def _vocabulary(rng: np.random.Generator, size: int = 30_000) -> list[str]:
    syllables = ["ka", "lo", "mi", "ten", "rus", "vel", "do", "pra", "shi", "qua", "ber",
                 "nor", "zen", "tal", "gri", "fo", "lum", "sar", "ex", "ion"]
    words = set(COMMON)
    while len(words) < size:
        n = int(rng.integers(2, 5))
        words.add("".join(syllables[int(i)] for i in rng.integers(0, len(syllables), n)))
    ordered = COMMON + sorted(words - set(COMMON))
    return ordered[:size]


def fill_synthetic(db, n_chunks: int, dims: int, model: str, seed: int = 11) -> None:
    """Add ``n_chunks`` synthetic chunks (Zipf-distributed words, random vectors)."""
    from app.kb.index import bump_generation, collection_token, fts_body, load_vec, transaction

    load_vec(db)
    rng = np.random.default_rng(seed)
    vocab = np.array(_vocabulary(rng))
    collection_id = db.execute("SELECT id FROM kb_collections ORDER BY id").fetchone()[0]
    coll = collection_token(collection_id)
    per_doc, now = 1000, time.time()
    for start in range(0, n_chunks, per_doc):
        count = min(per_doc, n_chunks - start)
        with transaction(db):
            doc_id = db.execute(
                "INSERT INTO kb_documents (collection_id, path, status, n_chunks, added_at, "
                "kind) VALUES (?, ?, 'indexed', ?, ?, 'text')",
                [collection_id, f"/synthetic/{start // per_doc}.txt", count, now],
            ).lastrowid
            ranks = np.minimum(rng.zipf(1.15, size=(count, 100)) - 1, len(vocab) - 1)
            texts = [" ".join(vocab[r]) for r in ranks]
            first = db.execute("SELECT coalesce(max(id), 0) + 1 FROM kb_chunks").fetchone()[0]
            ids = list(range(first, first + count))
            db.conn.executemany(
                "INSERT INTO kb_chunks (id, document_id, collection_id, seq, char_start, "
                "char_end, text, n_tokens) VALUES (?, ?, ?, ?, 0, ?, ?, 100)",
                [(cid, doc_id, collection_id, i, len(t), t) for i, (cid, t) in
                 enumerate(zip(ids, texts, strict=True))],
            )
            pairs = list(zip(ids, texts, strict=True))
            db.conn.executemany(
                "INSERT INTO kb_fts (rowid, body, coll) VALUES (?, ?, ?)",
                [(cid, fts_body(t), coll) for cid, t in pairs],
            )
            vectors = rng.standard_normal((count, dims), dtype=np.float32)
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
            blobs = [(cid, model, v.astype("<f4").tobytes())
                     for cid, v in zip(ids, vectors, strict=True)]
            db.conn.executemany(
                "INSERT INTO kb_embeddings (chunk_id, model, vector) VALUES (?, ?, ?)", blobs
            )
            db.conn.executemany(
                "INSERT INTO kb_vec (chunk_id, collection_id, embedding) "
                "VALUES (?, ?, vec_quantize_binary(?))",
                [(cid, collection_id, blob) for cid, _, blob in blobs],
            )
            bump_generation(db)


def synthetic_queries(n: int, seed: int = 5) -> list[str]:
    """Queries of 2-4 synthetic words, from common to rare, to mix with the real ones."""
    rng = np.random.default_rng(seed)
    vocab = _vocabulary(np.random.default_rng(11))
    out = []
    for _ in range(n):
        ranks = rng.choice([60, 200, 1000, 5000, 20000], size=int(rng.integers(2, 5)))
        out.append(" ".join(vocab[min(int(r) + int(rng.integers(0, 50)), len(vocab) - 1)]
                            for r in ranks))
    return out


# --- measurements --------------------------------------------------------------------------


def measure_ingest(db, embedder, folder: Path) -> dict:
    """Register and index ``folder`` end to end; chunks and seconds."""
    from app.kb.collections import get_or_create
    from app.kb.ingest import add_paths, ingest

    began = time.perf_counter()
    collection_id = get_or_create(db, "bench")
    add_paths(db, collection_id, [folder])
    events = list(ingest(db, embedder))
    last = events[-1]
    seconds = time.perf_counter() - began
    return {"chunks": last.chunks_done, "seconds": seconds, "failed": last.files_failed}


def chunk_texts(db) -> list[str]:
    """The texts the pipeline embedded, in order."""
    from app.kb.ingest import _embedding_text

    rows = db.execute("SELECT heading, text FROM kb_chunks ORDER BY id").fetchall()
    return [_embedding_text({"heading": h, "text": t}) for h, t in rows]


def measure_raw_embed(embedder, texts: list[str], batch: int) -> float:
    """Chunks/s of the embedder called directly on ``texts``."""
    began = time.perf_counter()
    for i in range(0, len(texts), batch):
        embedder.embed(texts[i : i + batch])
    return len(texts) / (time.perf_counter() - began)


def compare_embedders(embedders: dict, texts: list[str], per_round: int = 16) -> dict:
    """Chunks/s of each embedder on the same texts, taking turns round by round."""
    seconds = dict.fromkeys(embedders, 0.0)
    for round_no, start in enumerate(range(0, len(texts), per_round)):
        batch = texts[start : start + per_round]
        names = list(embedders)[:: -1 if round_no % 2 else 1]
        for name in names:
            began = time.perf_counter()
            embedders[name].embed(batch)
            seconds[name] += time.perf_counter() - began
    return {name: len(texts) / max(spent, 1e-9) for name, spent in seconds.items()}


def gflop_per_chunk(embedder, texts: list[str]) -> float:
    """Floating-point work of one chunk through a BERT-style encoder, in GFLOP.

    Per token and layer: Q, K, V and output projections (4 d^2 multiply-adds), the
    feed-forward pair (2 d f), and attention over the chunk's n tokens (2 n d).
    """
    meta = embedder._llm.metadata
    arch = meta.get("general.architecture", "bert")
    layers = int(meta.get(f"{arch}.block_count", 0))
    d = int(meta.get(f"{arch}.embedding_length", embedder.dims))
    ff = int(meta.get(f"{arch}.feed_forward_length", 4 * d))
    n = float(np.mean([len(embedder.tokenize(t)) for t in texts]))
    macs = n * layers * (4 * d * d + 2 * d * ff + 2 * n * d)
    return 2 * macs / 1e9


def measure_llamacpp_embed(model_path: Path, texts: list[str], threads: int) -> float:
    """Chunks/s of llama-cpp-python's own batched ``Llama.embed`` (the reference)."""
    from llama_cpp import Llama

    llm = Llama(model_path=str(model_path), embedding=True, n_threads=threads,
                n_threads_batch=threads, verbose=False)
    try:
        llm.embed(texts[:2])
        began = time.perf_counter()
        llm.embed(texts)
        return len(texts) / (time.perf_counter() - began)
    finally:
        llm.close()


def measure_queries(db, embedder, queries: list[str], repeats: int = 3) -> dict:
    """Hybrid search latency (query embedding excluded and reported apart)."""
    from app.kb.search import SearchTimings, search

    embed_ms, search_ms, fts_ms, vec_ms = [], [], [], []
    vectors = []
    for query in queries:
        began = time.perf_counter()
        vectors.append(np.asarray(embedder.embed([query])[0]))
        embed_ms.append((time.perf_counter() - began) * 1000)
    began = time.perf_counter()  # the first search also loads the vector bits into memory
    search(db, queries[0], None, limit=10, query_vector=vectors[0])
    first_ms = (time.perf_counter() - began) * 1000
    for _ in range(repeats):
        for query, vector in zip(queries, vectors, strict=True):
            timings = SearchTimings()
            began = time.perf_counter()
            search(db, query, None, limit=10, query_vector=vector, timings=timings)
            search_ms.append((time.perf_counter() - began) * 1000)
            fts_ms.append(timings.fts_ms)
            vec_ms.append(timings.vector_ms)
    return {
        "query_p50_ms": _pct(search_ms, 50), "query_p95_ms": _pct(search_ms, 95),
        "fts_p50_ms": _pct(fts_ms, 50), "fts_p95_ms": _pct(fts_ms, 95),
        "vector_p50_ms": _pct(vec_ms, 50), "vector_p95_ms": _pct(vec_ms, 95),
        "query_embed_p50_ms": _pct(embed_ms, 50),
        "first_query_ms": round(first_ms, 1),
        **measure_reference_paths(db, queries, vectors),
    }


def measure_reference_paths(db, queries: list[str], vectors: list[np.ndarray]) -> dict:
    """Session 1's search paths on the same queries, once each: sqlite-vec's KNN for the
    Hamming pass and BM25 over every word; and how often they agree with today's."""
    from app.kb.index import (
        _sqlite_vec_candidates,
        normalized,
        rescore,
        search_fts,
        search_vectors,
    )
    from app.kb.search import CANDIDATES, all_collection_ids

    wanted = all_collection_ids(db)
    vec_ms, fts_ms, vec_same, fts_same = [], [], [], []
    k_vec = k_fts = CANDIDATES
    for query, vector in zip(queries, vectors, strict=True):
        unit = normalized([vector])[0]
        began = time.perf_counter()
        old_vec = rescore(db, unit, _sqlite_vec_candidates(db, unit, wanted, k_vec), k_vec)
        vec_ms.append((time.perf_counter() - began) * 1000)
        began = time.perf_counter()
        old_fts = search_fts(db, query, None, k_fts, drop_common=False)
        fts_ms.append((time.perf_counter() - began) * 1000)
        new_vec = search_vectors(db, vector, wanted, k_vec)
        new_fts = search_fts(db, query, None, k_fts)
        vec_same.append(_overlap(old_vec, new_vec, 10))
        fts_same.append(_overlap(old_fts, new_fts, 10))
    return {
        "vector_sqlite_vec_p50_ms": _pct(vec_ms, 50), "vector_sqlite_vec_p95_ms": _pct(vec_ms, 95),
        "fts_all_words_p50_ms": _pct(fts_ms, 50), "fts_all_words_p95_ms": _pct(fts_ms, 95),
        "vector_top10_same": round(float(np.mean(vec_same)), 3),
        "fts_top10_same": round(float(np.mean(fts_same)), 3),
    }


def _overlap(old: list[tuple[int, float]], new: list[tuple[int, float]], n: int) -> float:
    """The share of the old top ``n`` that the new top ``n`` also holds (1.0: both empty)."""
    first = {c for c, _ in old[:n]}
    return len(first & {c for c, _ in new[:n]}) / len(first) if first else 1.0


def _compare(model_path: Path, embedder, texts: list[str], threads: int) -> dict:
    """The before/after embedder figures for the bench's JSON (empty without texts)."""
    from app.kb.embed import LlamaCppEmbedder

    if not texts:
        return {}
    before = LlamaCppEmbedder(model_path, n_threads=threads, workers=1)
    workers = LlamaCppEmbedder(model_path, n_threads=threads)
    try:
        for warm in (before, workers):
            warm.embed(texts[:2])
        rates = compare_embedders(
            {"before": before, "workers": workers, "after": embedder}, texts
        )
    finally:
        before.close()
        workers.close()
    gflop = gflop_per_chunk(embedder, texts)
    return {
        "embed_compare_chunks": len(texts),
        "embed_before_chunks_s": round(rates["before"], 2),
        "embed_workers_chunks_s": round(rates["workers"], 2),
        "embed_after_chunks_s": round(rates["after"], 2),
        "embed_speedup": round(rates["after"] / rates["before"], 3),
        "gflop_per_chunk": round(gflop, 3),
        "achieved_gflops": round(gflop * rates["after"], 1),
    }


def _pct(values: list[float], pct: int) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(len(ordered) * pct / 100))], 3)


@click.command("kb")
@click.option("--embedding-model", type=click.Path(exists=True, path_type=Path),
              envvar="HEARTH_EMBEDDING_MODEL",
              help="GGUF embedding model (default: $HEARTH_EMBEDDING_MODEL).")
@click.option("--chunks", default=100_000, show_default=True, help="Index size for query latency.")
@click.option("--ingest-chunks", default=1000, show_default=True)
@click.option("--threads", default=0, help="llama.cpp threads (0: one per core).")
@click.option("--queries", "n_queries", default=100, show_default=True)
@click.option("--reference/--no-reference", default=True,
              help="Also time llama-cpp-python's Llama.embed on the same chunks.")
@click.option("--compare-chunks", default=240, show_default=True,
              help="Chunks for the before/after embedder comparison (0: skip it).")
@click.option("--quality", is_flag=True,
              help="Retrieval quality (MRR, recall@1/5 by language) on the bilingual "
                   "evaluation set instead; full-text only without --embedding-model.")
@click.option("-k", "k", default=10, show_default=True, help="Results per question (--quality).")
@click.option("--json", "as_json", is_flag=True)
def kb(embedding_model: Path | None, chunks: int, ingest_chunks: int, threads: int,
       n_queries: int, reference: bool, compare_chunks: int, quality: bool, k: int,
       as_json: bool) -> None:
    """Knowledge base: ingest chunks/s against raw embedding, hybrid query latency."""
    if quality:
        _quality(embedding_model, k, threads, as_json)
        return
    if embedding_model is None:
        raise click.UsageError("Give --embedding-model (or set HEARTH_EMBEDDING_MODEL).")
    from app.kb.embed import default_threads, load_embedder
    from app.kb.ingest import EMBED_BATCH
    from app.store.db import open_db

    threads = threads or default_threads()
    with tempfile.TemporaryDirectory(prefix="hearth-bench-kb-") as tmp:
        tmp_path = Path(tmp)
        write_documents(tmp_path / "docs", ingest_chunks)
        db = open_db(tmp_path / "bench.db")
        embedder = load_embedder(embedding_model, n_threads=threads)
        embedder.embed(["warm up the embedding model"] * 4)
        ingest = measure_ingest(db, embedder, tmp_path / "docs")
        texts = chunk_texts(db)
        raw = measure_raw_embed(embedder, texts, EMBED_BATCH)
        ref = measure_llamacpp_embed(embedding_model, texts[:200], threads) if reference else None
        speeds = _compare(embedding_model, embedder, texts[:compare_chunks], threads)
        fill_began = time.perf_counter()
        fill_synthetic(db, max(0, chunks - len(texts)), embedder.dims, embedder.name)
        fill_s = time.perf_counter() - fill_began
        half = max(1, n_queries // 2)
        queries = (QUESTIONS * (half // len(QUESTIONS) + 1))[:half] + synthetic_queries(half)
        latency = measure_queries(db, embedder, queries)
        result = {
            "n_chunks": db.execute("SELECT count(*) FROM kb_chunks").fetchone()[0],
            "ingest_chunks": ingest["chunks"],
            "ingest_failed_files": ingest["failed"],
            "ingest_chunks_s": round(ingest["chunks"] / ingest["seconds"], 2),
            "raw_embed_chunks_s": round(raw, 2),
            "ratio": round(ingest["chunks"] / ingest["seconds"] / raw, 3),
            "llamacpp_embed_chunks_s": round(ref, 2) if ref else None,
            **speeds,
            "threads": threads,
            "embed_workers": embedder.workers,
            "embed_model_file": embedder.model_path.name,
            "fill_s": round(fill_s, 1),
            **latency,
            "n_queries": len(queries) * 3,
        }
        embedder.close()
        db.close()
    if as_json:
        click.echo(json.dumps(result))
    else:
        for key, value in result.items():
            click.echo(f"{key:26} {value}")


def _quality(embedding_model: Path | None, k: int, threads: int, as_json: bool) -> None:
    """``--quality``: the bilingual evaluation set's scores (see app.bench.kb_quality)."""
    from app.bench.kb_quality import EvalSetError, format_tables, run_quality

    try:
        result = run_quality(embedding_model, k=k, threads=threads)
    except EvalSetError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(json.dumps(result, ensure_ascii=False) if as_json else format_tables(result))
