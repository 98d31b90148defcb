"""``hearth bench kb --quality``: retrieval quality on Hearth's bilingual evaluation set.

The set lives in ``resources/kb_eval/``: office documents written for it in English,
Simplified Chinese and both (policies, minutes, recipes, manuals, FAQs, reports, with
near-duplicates such as two editions of one policy), and ``questions.jsonl``: for each
question its language, the file and page that answer it and a short exact snippet of
the answering passage.

Markdown, text and HTML documents are used as they are; DOCX and PDF ones are kept as
text (``name.docx.md``: ``# `` lines are headings; ``name.pdf.txt``: pages split by a
``=== page ===`` line) and written with python-docx / fpdf2 when the corpus is built, so
the repository holds no binaries and the PDFs' page numbers are known.

The bench builds a fresh knowledge base from the set in a temporary ``HEARTH_HOME``
through the ingest code the app uses, asks every question in each mode (full-text only,
hybrid) with ``k`` results, and reports MRR and recall@1 / recall@5 by language. A hit
is a chunk from the right file and page that contains the snippet ("strict"); "loose"
counts any chunk from the right file and page. Everything is deterministic, so the
spread is 0.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from app.resources import resource

PAGE_BREAK = "=== page ==="
LANGS = ("en", "zh")
BUILT_SUFFIXES = {".docx.md": ".docx", ".pdf.txt": ".pdf"}
CJK_FONT_CANDIDATES = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh.ttc",
]
# The modes in the order they are reported; a mode whose runner is None is not built yet.
RERANK_NOTE = ("not built: no reranking stage in app.kb.search yet; plug its search call "
               "into MODES['hybrid+rerank']")


class EvalSetError(Exception):
    """The evaluation set or what it needs to be built is missing or broken."""


@dataclass(frozen=True)
class Question:
    id: str
    lang: str
    question: str
    file: str
    page: int | None
    answer_snippet: str


def eval_dir() -> Path:
    return resource("kb_eval")


def docs_dir() -> Path:
    return eval_dir() / "docs"


def load_questions(path: Path | None = None) -> list[Question]:
    """Every question of the set, in file order."""
    path = path or eval_dir() / "questions.jsonl"
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            out.append(Question(str(row["id"]), row["lang"], row["question"], row["file"],
                                row["page"], row["answer_snippet"]))
        except (ValueError, KeyError) as exc:
            raise EvalSetError(f"{path.name} line {number} is not a question: {exc}") from exc
    return out


def near_duplicates(path: Path | None = None) -> dict[str, str]:
    """Each near-duplicate document's counterpart (both directions), by built name."""
    pairs = json.loads((path or eval_dir() / "near_duplicates.json").read_text("utf-8"))
    return {a: b for first, second in pairs for a, b in ((first, second), (second, first))}


def built_name(source: Path) -> str:
    """The name a source file has in the built corpus (``x.pdf.txt`` -> ``x.pdf``)."""
    for suffix, target in BUILT_SUFFIXES.items():
        if source.name.endswith(suffix):
            return source.name[: -len(suffix)] + target
    return source.name


def normalized(text: str) -> str:
    """Text compared without whitespace or case (PDF lines wrap, chunks re-join)."""
    return re.sub(r"\s+", "", text).casefold()


# --- building the corpus -------------------------------------------------------------------


def build_corpus(dest: Path, source: Path | None = None) -> list[Path]:
    """Write the set's documents into ``dest`` (DOCX and PDF generated); their paths."""
    source = source or docs_dir()
    dest.mkdir(parents=True, exist_ok=True)
    out = []
    for src in sorted(source.iterdir()):
        if not src.is_file():
            continue
        target = dest / built_name(src)
        text = src.read_text(encoding="utf-8")
        if target.suffix == ".docx" and src.name.endswith(".docx.md"):
            write_docx(target, text)
        elif target.suffix == ".pdf" and src.name.endswith(".pdf.txt"):
            write_pdf(target, [p.strip("\n") for p in text.split(PAGE_BREAK)])
        else:
            target.write_bytes(src.read_bytes())
        out.append(target)
    return out


def write_docx(path: Path, text: str) -> None:
    """A DOCX file: ``# `` lines become Heading 1, other blocks paragraphs."""
    import docx

    document = docx.Document()
    for block in re.split(r"\n\s*\n", text.strip()):
        for line in block.splitlines():
            if line.startswith("# "):
                document.add_heading(line[2:].strip(), level=1)
            elif line.strip():
                document.add_paragraph(line.strip())
    document.save(str(path))


def write_pdf(path: Path, pages: Sequence[str]) -> None:
    """A PDF with one page per entry (a CJK font when any page needs one)."""
    from fpdf import FPDF

    pdf = FPDF()
    if all(_latin1(page) for page in pages):
        pdf.set_font("helvetica", size=11)
    else:
        pdf.add_font("cjk", fname=str(cjk_font()))
        pdf.set_font("cjk", size=11)
    for page in pages:
        pdf.add_page()
        pdf.multi_cell(0, 7, page)
    pdf.output(str(path))


def _latin1(text: str) -> bool:
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def cjk_font() -> Path:
    """A font with Chinese glyphs for the Chinese PDFs, or an error saying how to get one."""
    env = os.environ.get("HEARTH_TEST_CJK_FONT")
    for candidate in ([env] if env else []) + CJK_FONT_CANDIDATES:
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    try:
        found = subprocess.run(["fc-match", "-f", "%{file}", ":lang=zh-cn"],
                               capture_output=True, text=True, timeout=10).stdout.strip()
        if found and Path(found).is_file() and "cjk" in found.lower():
            return Path(found)
    except (OSError, subprocess.SubprocessError):
        pass
    raise EvalSetError("No font with Chinese glyphs was found for the Chinese PDFs. Install "
                       "one (`sudo apt-get install -y fonts-noto-cjk` on Debian/Ubuntu) or "
                       "set HEARTH_TEST_CJK_FONT to a .ttf/.ttc/.otf file.")


# --- asking the questions ------------------------------------------------------------------


def hit_ranks(hits: Sequence, question: Question) -> tuple[int | None, int | None]:
    """(strict, loose) 1-based rank of the first hit for ``question`` (None: not found)."""
    strict = loose = None
    snippet = normalized(question.answer_snippet)
    for rank, hit in enumerate(hits, start=1):
        if Path(hit.path).name != question.file or hit.page != question.page:
            continue
        if loose is None:
            loose = rank
        if strict is None and snippet in normalized(hit.text):
            strict = rank
            break
    return strict, loose


def scores(ranks: Sequence[int | None]) -> dict:
    """MRR, recall@1 and recall@5 of a list of ranks (None: a miss)."""
    n = len(ranks)
    if not n:
        return {"n": 0, "mrr": None, "recall_at_1": None, "recall_at_5": None}
    return {
        "n": n,
        "mrr": round(sum(1 / r for r in ranks if r) / n, 3),
        "recall_at_1": round(sum(1 for r in ranks if r == 1) / n, 3),
        "recall_at_5": round(sum(1 for r in ranks if r and r <= 5) / n, 3),
    }


def evaluate(questions: Sequence[Question], run: Callable[[str, int], Sequence],
             k: int = 10) -> dict:
    """Ask each question through ``run(question, limit)`` and score the strict and loose
    ranks by language; also count the questions whose top 5 differs between ``limit=5``
    and ``limit=k`` (ranking should not depend on ``-k``)."""
    strict: dict[str, list[int | None]] = {"all": []}
    loose: dict[str, list[int | None]] = {"all": []}
    misses, ranks, k_dependent = [], {}, []
    first_wrong = dict.fromkeys(("right_page_wrong_chunk", "other_file_or_page",
                                 "near_duplicate", "no_results"), 0)
    twins = near_duplicates()
    for question in questions:
        hits = run(question.question, k)
        s, l_ = hit_ranks(hits, question)
        ranks[question.id] = [s, l_]
        if s != 1:
            first_wrong["no_results" if not hits else
                        "right_page_wrong_chunk" if l_ == 1 else "other_file_or_page"] += 1
            if hits and twins.get(question.file) == Path(hits[0].path).name:
                first_wrong["near_duplicate"] += 1  # one of the other files: its twin
        for key in ("all", question.lang):
            strict.setdefault(key, []).append(s)
            loose.setdefault(key, []).append(l_)
        if not s or s > 5:
            misses.append(question.id)
        if k != 5:
            top5 = [h.chunk_id for h in run(question.question, 5)]
            if top5 != [h.chunk_id for h in hits[:5]]:
                k_dependent.append(question.id)
    keys = ["all"] + [lang for lang in LANGS if lang in strict]
    return {
        "strict": {key: scores(strict[key]) for key in keys},
        "loose": {key: scores(loose[key]) for key in keys},
        "misses_at_5": misses,
        "rank1_not_a_hit": first_wrong,
        f"top5_differs_k5_vs_k{k}": k_dependent,
        "ranks": ranks,
    }


def unreachable(db, questions: Sequence[Question]) -> list[str]:
    """Questions whose snippet lies in no single chunk of their file and page in ``db``
    (no retriever can score a strict hit for them: a chunking matter, not a ranking one)."""
    rows = db.execute("SELECT d.path, k.page, k.text FROM kb_chunks k "
                      "JOIN kb_documents d ON d.id = k.document_id").fetchall()
    texts: dict[tuple[str, int | None], list[str]] = {}
    for path, page, text in rows:
        texts.setdefault((Path(path).name, page), []).append(normalized(text))
    return [q.id for q in questions
            if not any(normalized(q.answer_snippet) in t
                       for t in texts.get((q.file, q.page), []))]


@contextmanager
def temporary_home() -> Iterator[Path]:
    """A fresh ``HEARTH_HOME`` for the bench's knowledge base, removed afterwards."""
    old = os.environ.get("HEARTH_HOME")
    with tempfile.TemporaryDirectory(prefix="hearth-bench-kbq-") as tmp:
        os.environ["HEARTH_HOME"] = tmp
        try:
            yield Path(tmp)
        finally:
            if old is None:
                os.environ.pop("HEARTH_HOME", None)
            else:
                os.environ["HEARTH_HOME"] = old


def run_quality(embedding_model: Path | None, *, k: int = 10, threads: int = 0,
                questions: Sequence[Question] | None = None,
                built: Path | None = None) -> dict:
    """Build the set's knowledge base and score every mode; the bench's result.

    ``built``: a folder that already holds the built documents (from ``build_corpus``),
    copied instead of building them again.
    """
    from app.kb.collections import get_or_create
    from app.kb.embed import default_threads, load_embedder
    from app.kb.ingest import add_paths, ingest
    from app.kb.search import search
    from app.store.db import open_db

    questions = list(questions) if questions is not None else load_questions()
    with temporary_home() as home:
        if built is not None:
            shutil.copytree(built, home / "eval-docs")
            docs = sorted((home / "eval-docs").iterdir())
        else:
            docs = build_corpus(home / "eval-docs")
        db = open_db()
        embedder = None
        if embedding_model is not None:
            embedder = load_embedder(embedding_model, n_threads=threads or default_threads())
        try:
            collection_id = get_or_create(db, "kb-eval")
            began = time.perf_counter()
            add_paths(db, collection_id, [home / "eval-docs"])
            events = list(ingest(db, embedder))
            ingest_s = time.perf_counter() - began
            n_chunks = db.execute("SELECT count(*) FROM kb_chunks").fetchone()[0]
            missing = unreachable(db, questions)
            modes: dict[str, Callable[[str, int], Sequence] | None] = {
                "full-text": lambda q, limit: search(db, q, None, limit=limit),
            }
            if embedder is not None:
                modes["hybrid"] = lambda q, limit: search(db, q, None, limit=limit,
                                                          embedder=embedder)
            modes["hybrid+rerank"] = None  # the hook: a reranked search goes here
            results: dict[str, dict] = {}
            for name, runner in modes.items():
                if runner is None:
                    results[name] = {"built": False, "note": RERANK_NOTE}
                    continue
                began = time.perf_counter()
                results[name] = {"built": True, **evaluate(questions, runner, k)}
                results[name]["seconds"] = round(time.perf_counter() - began, 2)
        finally:
            if embedder is not None:
                embedder.close()
            db.close()
    counts = {lang: sum(1 for q in questions if q.lang == lang) for lang in LANGS}
    fts_mrr = results["full-text"]["strict"]["all"]["mrr"]
    hybrid = results.get("hybrid")
    ratio = (round(hybrid["strict"]["all"]["mrr"] / fts_mrr, 3)
             if hybrid and fts_mrr else None)
    return {
        "ratio": ratio,
        "spread": 0,
        "goals": goals(results),
        "k": k,
        "n_documents": len(docs),
        "n_chunks": n_chunks,
        "failed_files": events[-1].files_failed if events else 0,
        "ingest_s": round(ingest_s, 2),
        "unreachable": missing,
        "n_questions": {"all": len(questions), **counts},
        "embedding_model": embedding_model.name if embedding_model else None,
        "modes": results,
    }


GOAL_MRR = 0.85
GOAL_RECALL_AT_5 = 0.95


def goals(modes: dict[str, dict]) -> dict:
    """Issue #16's targets, per language, on the strict hits: MRR and recall@5 of the best
    mode built (rerank, else hybrid, else full-text) and hybrid never below full-text."""
    built = [name for name in ("hybrid+rerank", "hybrid", "full-text")
             if modes.get(name, {}).get("built")]
    best = modes[built[0]]["strict"]
    out: dict = {
        "mode": built[0],
        f"mrr_at_least_{GOAL_MRR}": {lang: best[lang]["mrr"] >= GOAL_MRR
                                     for lang in LANGS if lang in best},
        f"recall_at_5_at_least_{GOAL_RECALL_AT_5}": {
            lang: best[lang]["recall_at_5"] >= GOAL_RECALL_AT_5
            for lang in LANGS if lang in best},
    }
    if modes.get("hybrid", {}).get("built"):
        fts, hybrid = modes["full-text"]["strict"], modes["hybrid"]["strict"]
        out["hybrid_not_below_full_text"] = {
            lang: hybrid[lang]["mrr"] >= fts[lang]["mrr"]
            and hybrid[lang]["recall_at_5"] >= fts[lang]["recall_at_5"]
            for lang in LANGS if lang in fts}
    return out


def format_tables(result: dict) -> str:
    """Per-mode tables of the result for a terminal."""
    lines = [f"{result['n_documents']} documents, {result['n_chunks']} chunks, "
             f"{result['n_questions']['all']} questions (en {result['n_questions']['en']}, "
             f"zh {result['n_questions']['zh']}), k = {result['k']}, "
             f"embedding model: {result['embedding_model'] or 'none'}, "
             f"ingest {result['ingest_s']} s",
             "unreachable (snippet in no single chunk): "
             f"{', '.join(result['unreachable']) or 'none'}"]
    for name, mode in result["modes"].items():
        lines.append("")
        if not mode.get("built"):
            lines.append(f"{name}: {mode['note']}")
            continue
        lines.append(f"{name}")
        lines.append(f"  {'hit':8}{'lang':6}{'n':>5}{'MRR':>8}{'R@1':>8}{'R@5':>8}")
        for kind in ("strict", "loose"):
            for lang, row in mode[kind].items():
                lines.append(f"  {kind:8}{lang:6}{row['n']:>5}{row['mrr']:>8.3f}"
                             f"{row['recall_at_1']:>8.3f}{row['recall_at_5']:>8.3f}")
        lines.append(f"  strict misses at 5: {', '.join(mode['misses_at_5']) or 'none'}")
        wrong = mode["rank1_not_a_hit"]
        lines.append(f"  rank 1 not a hit: {wrong['right_page_wrong_chunk']} right file and page "
                     f"but wrong chunk, {wrong['other_file_or_page']} another file or page "
                     f"({wrong['near_duplicate']} its near-duplicate), "
                     f"{wrong['no_results']} no results")
        moved = mode[f"top5_differs_k5_vs_k{result['k']}"]
        lines.append(f"  top 5 differs between -k 5 and -k {result['k']}: {len(moved)} "
                     f"({', '.join(moved) or 'none'})")
    lines.append("")
    lines.append(f"ratio (hybrid MRR / full-text MRR): {result['ratio']}   spread: "
                 f"{result['spread']}")
    for goal, by_lang in result["goals"].items():
        if goal != "mode":
            met = ", ".join(f"{lang} {'yes' if ok else 'NO'}" for lang, ok in by_lang.items())
            lines.append(f"goal {goal} ({result['goals']['mode']}): {met}")
    return "\n".join(lines)
