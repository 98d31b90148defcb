"""llama.cpp in-process, through llama-cpp-python.

Layers, as llama-cpp-python itself stacks them: its ``Llama`` object owns the native
model and context; :class:`StateCache` owns saved conversation states;
:class:`LlamaCppEngine` is the Engine the rest of Hearth talks to.

Prefix reuse across turns: ``Llama.generate`` keeps the tokens already in the KV cache
and evaluates only the new suffix, so turn N does not re-evaluate turns 1..N-1. When the
user switches conversations, the outgoing conversation's KV cells are saved with
``llama_state_seq_get_data`` (KV only: the whole-context state also copies an
n_batch x vocabulary logits buffer, 537 MB for Gemma at n_batch 512) and restored when the
user comes back; a bounded LRU keeps a few of them (the idea behind SGLang's
RadixAttention, at desktop scale).
"""

from __future__ import annotations

import codecs
import contextlib
import ctypes
import io
import os
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from app.engines.base import (
    CancelToken,
    Capabilities,
    ChatParams,
    Done,
    EngineError,
    Error,
    Event,
    ImagePart,
    LoadParams,
    LoadReport,
    Message,
    ModelLoadError,
    ModelRef,
    ReplyStats,
    Token,
    ToolCallPart,
)
from app.engines.mtmd import MARKER, Projector, PromptChunks
from app.engines.structured import (
    CALL_OPEN,
    ConstraintError,
    OutputFormat,
    ToolChoice,
    ToolSpec,
    call_grammar,
    messages_for_template,
    output_grammar,
    parse_tool_choice,
    parse_tools,
    split_tool_calls,
    template_knows_tools,
)
from app.i18n import _
from app.models.gguf_meta import GGUFInfo, InvalidModelError
from app.models.templates import ChatFormat, TemplateRenderError, chat_format_for
from app.models.validate import log_reason, validate_gguf

# llama.cpp's log, kept in memory so a failed load can say why -------------------------

_LOG_LINES: deque[str] = deque(maxlen=400)
_LOG_CALLBACK = None


def _install_log_capture() -> None:
    """Route llama.cpp's log into a ring buffer instead of the terminal."""
    global _LOG_CALLBACK
    if _LOG_CALLBACK is not None:
        return
    import llama_cpp

    last_level = [0]

    @llama_cpp.llama_log_callback
    def _callback(level: int, text: bytes, user_data: ctypes.c_void_p) -> None:
        # debug lines (level 1, and the continuations that follow them) would push the
        # reasons out of the ring: keep information, warnings and errors
        if level == 5:  # GGML_LOG_LEVEL_CONT continues the previous line's level
            level = last_level[0]
        last_level[0] = level
        if level != 1:
            _LOG_LINES.append(text.decode("utf-8", "replace").rstrip("\n"))
        if os.environ.get("HEARTH_LLAMA_LOG"):
            print(text.decode("utf-8", "replace"), end="", flush=True)

    llama_cpp.llama_log_set(_callback, ctypes.c_void_p(0))
    try:  # libmtmd (the projector) logs through its own hook
        import llama_cpp.mtmd_cpp as mtmd

        mtmd.mtmd_log_set(_callback, ctypes.c_void_p(0))
        mtmd.mtmd_helper_log_set(_callback, ctypes.c_void_p(0))
    except (ImportError, OSError, AttributeError):
        pass
    _LOG_CALLBACK = _callback


def recent_log() -> str:
    return "\n".join(_LOG_LINES)


def default_threads() -> int:
    """One thread per physical core this process may use, capped at 8 (more rarely helps
    decode; a second hardware thread of a core only adds contention)."""
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count() or 1
    try:
        import psutil

        physical = psutil.cpu_count(logical=False) or usable
    except ImportError:
        physical = usable
    return max(1, min(usable, physical, 8))


#: KV-cache types for keys and values, as llama.cpp's ggml type numbers
KV_CACHE_TYPES = {"f16": 1, "q8_0": 8, "q4_0": 2}


def kv_cache_args(kind: str) -> dict[str, Any]:
    """``Llama`` arguments for a KV-cache type. A quantized V cache needs flash attention
    (llama.cpp refuses it otherwise), so it is switched on with any quantized type."""
    if kind not in KV_CACHE_TYPES:
        raise ModelLoadError(_("The KV-cache type {kind} is not one llama.cpp offers here; "
                               "choose f16, q8_0 or q4_0.").format(kind=kind))
    if kind == "f16":
        return {}
    return {"type_k": KV_CACHE_TYPES[kind], "type_v": KV_CACHE_TYPES[kind], "flash_attn": True}


def kv_buffer_mb(log: str) -> float | None:
    """The KV cache's size in MiB, as llama.cpp's log of the last context creation says."""
    import re

    sizes = [float(m) for m in re.findall(r"KV buffer size\s*=\s*([0-9.]+) MiB", log)]
    return sum(sizes) if sizes else None


def _rss_mb() -> float | None:
    try:
        import psutil
    except ImportError:
        return None
    return psutil.Process().memory_info().rss / 2**20


class PromptTooLongError(EngineError):
    """The prompt does not fit the model's context, even with old turns dropped."""


class NoVisionError(EngineError):
    """Images were sent to a model loaded without a projector."""


# saved conversation states -------------------------------------------------------------


@dataclass
class SavedState:
    tokens: list[int]
    data: bytes
    text: str = ""


class StateCache:
    """An LRU of conversation KV states, bounded by count and by bytes."""

    def __init__(self, max_entries: int, max_bytes: int) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._entries: OrderedDict[str, SavedState] = OrderedDict()

    def put(self, key: str, state: SavedState) -> None:
        self._entries.pop(key, None)
        if self.max_entries == 0 or len(state.data) > self.max_bytes:
            return
        self._entries[key] = state
        while len(self._entries) > self.max_entries or self.nbytes > self.max_bytes:
            self._entries.popitem(last=False)

    def pop(self, key: str) -> SavedState | None:
        return self._entries.pop(key, None)

    @property
    def nbytes(self) -> int:
        return sum(len(s.data) for s in self._entries.values())

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: str) -> bool:
        return key in self._entries


# the engine ----------------------------------------------------------------------------


class LlamaCppEngine:
    """In-process llama.cpp. Not thread-safe by itself: one reply at a time (a lock)."""

    name = "llama.cpp"
    capabilities = Capabilities(chat=True, embed=True, stream=True, prefix_cache=True,
                                in_process=True, text_completion=True, structured_output=True,
                                grammar=True, tools=True)

    def __init__(self) -> None:
        self._llm: Any = None
        self._lock = threading.RLock()
        self.info: GGUFInfo | None = None
        self.chat_format: ChatFormat | None = None
        self.model_name = ""
        self.params = LoadParams()
        self.states = StateCache(0, 0)
        self._session: str | None = None
        #: the exact text whose tokens are in the KV cache ("" when unknown)
        self._kv_text = ""
        self._embedding = False
        #: the prompt text of the last reply (what the model saw)
        self.last_prompt = ""
        #: llguidance's view of this model's vocabulary (built on the first constrained
        #: reply: about 0.6 s for a 49k-token vocabulary)
        self._guide_tokenizer: Any = None
        #: the vision projector loaded beside the model (``ModelRef.projector``)
        self._projector: Projector | None = None
        self.capabilities = LlamaCppEngine.capabilities

    # loading -----------------------------------------------------------------------

    def load(self, model: ModelRef, params: LoadParams | None = None,
             *, embedding: bool = False) -> LoadReport:
        """Check the file (in a child process, once per file), load it and warm it up."""
        params = params or LoadParams()
        if model.path is None:
            raise ModelLoadError(f"{model.name} has no file to load.")
        with self._lock:
            self.close()
            start = time.perf_counter()
            info = self._check_file(Path(model.path), params)
            if model.projector is not None and not embedding:
                # an image is one batch: projectors with bidirectional attention over the
                # image (Gemma 3's 256 tokens) need it whole in one micro-batch
                params = replace(params, n_batch=max(params.n_batch, 512))
            checked = time.perf_counter()
            rss_before = _rss_mb()
            llm = self._construct(Path(model.path), info, params, embedding)
            try:
                projector = (self._load_projector(Path(model.path), model.projector, llm, params)
                             if model.projector is not None and not embedding else None)
            except BaseException:
                llm.close()
                raise
            loaded = time.perf_counter()
            self._llm, self.info, self.params, self._embedding = llm, info, params, embedding
            self.model_name = model.name
            self.chat_format = chat_format_for(info)
            self.states = StateCache(params.prefix_cache_slots, params.prefix_cache_mb * 2**20)
            self._session = None
            self._guide_tokenizer = None
            self._projector = projector
            self.capabilities = replace(LlamaCppEngine.capabilities,
                                        vision=projector is not None)
            self._warm_up()
            ready = time.perf_counter()
        rss_after = _rss_mb()
        notes = [self.chat_format.describe()]
        if params.kv_cache_type != "f16" and not embedding:
            notes.append(_("KV cache stored as {kind} (keys and values).").format(
                kind=params.kv_cache_type))
        if projector is not None:
            notes.append(_("Sees images through {projector} ({kind} projector, images up to "
                           "{side} pixels a side).").format(
                projector=projector.info.path.name, kind=projector.info.projector_type,
                side=projector.info.max_side))
        return LoadReport(
            model=model.name, engine=self.name, device="CPU",
            file_check_s=checked - start, load_s=loaded - checked, warmup_s=ready - loaded,
            ready_s=ready - start, context_length=llm.n_ctx(),
            memory_mb=(rss_after - rss_before) if rss_before and rss_after else None,
            chat_format=self.chat_format.name, notes=notes,
        )

    def _load_projector(self, model_path: Path, path: Path, llm: Any,
                        params: LoadParams) -> Projector:
        if not path.is_file():
            raise ModelLoadError(_("The projector {name} for {model} is missing. Download or "
                                   "import the model again.").format(
                name=path.name, model=model_path.name))
        _LOG_LINES.clear()
        return Projector.load(path, llm.model, params.n_threads or default_threads(),
                              log=recent_log)

    @property
    def image_max_side(self) -> int | None:
        """The longest image side the loaded projector reads (None: no projector)."""
        return self._projector.info.max_side if self._projector is not None else None

    def _check_file(self, path: Path, params: LoadParams) -> GGUFInfo:
        try:
            if params.validate:
                return validate_gguf(path, timeout_s=params.validate_timeout_s)
            from app.models.gguf_meta import read_metadata

            return read_metadata(path)
        except InvalidModelError as exc:
            raise ModelLoadError(str(exc)) from exc

    def _construct(self, path: Path, info: GGUFInfo, params: LoadParams, embedding: bool):
        _install_log_capture()
        from llama_cpp import Llama

        n_ctx = params.n_ctx
        if info.context_length:
            n_ctx = min(n_ctx, info.context_length)
        threads = params.n_threads or default_threads()
        kv = kv_cache_args(params.kv_cache_type) if not embedding else {}
        _LOG_LINES.clear()
        try:
            # verbose=True keeps llama-cpp-python from redirecting the process's file
            # descriptors (not thread-safe); its Python prints go to a buffer instead.
            with contextlib.redirect_stderr(io.StringIO()):
                llm = Llama(model_path=str(path), n_ctx=n_ctx, n_batch=params.n_batch,
                            n_ubatch=params.n_batch, n_threads=threads, n_threads_batch=threads,
                            n_gpu_layers=params.n_gpu_layers, embedding=embedding,
                            chat_format="chatml", verbose=True, **kv)
        except (ValueError, RuntimeError, OSError) as exc:
            reason = log_reason(recent_log())
            raise ModelLoadError(
                f"llama.cpp could not load {path.name}" + (f": {reason}" if reason else "")
                + ". If memory is short, choose a smaller model or a shorter context.") from exc
        llm.verbose = False
        return llm

    def _warm_up(self) -> None:
        """Run one token through the model so the first reply pays no one-time costs."""
        llm = self._llm
        if self._embedding:
            llm.embed("warm up")
            return
        bos = llm.token_bos()
        llm.eval([bos if bos >= 0 else 0])
        llm.reset()
        llm._ctx.kv_cache_seq_rm(-1, 0, -1)

    # prompts -----------------------------------------------------------------------

    def render(self, messages: Sequence[Message], tools: Sequence[dict] | None = None) -> str:
        """The prompt text for ``messages`` with this model's chat format."""
        assert self.chat_format is not None
        try:
            return self.chat_format.render(messages, tools=tools)
        except TemplateRenderError as exc:
            raise EngineError(f"The model's chat template failed: {exc}.") from exc

    def tokenize(self, prompt: str) -> list[int]:
        fmt = self.chat_format
        add_bos = not (fmt and fmt.bos_token and prompt.startswith(fmt.bos_token))
        return self._llm.tokenize(prompt.encode("utf-8"), add_bos=add_bos, special=True)

    def fit_prompt(self, messages: Sequence[Message], reserve: int,
                   tools: Sequence[dict] | None = None) -> tuple[str, list[int]]:
        """Render and tokenize, dropping the oldest turns until ``reserve`` tokens remain."""
        prompt, chunks = self.fit_chunks(messages, reserve, tools)
        chunks.close()
        return prompt, chunks.tokens

    def fit_chunks(self, messages: Sequence[Message], reserve: int,
                   tools: Sequence[dict] | None = None) -> tuple[str, PromptChunks]:
        """Like :meth:`fit_prompt`, with the images placed (close the chunks after use)."""
        msgs = list(messages)
        limit = self._llm.n_ctx() - reserve
        while True:
            prompt = self.render(_with_markers(msgs), tools)
            chunks = self._prompt_chunks(prompt, msgs)
            droppable = [i for i, m in enumerate(msgs) if m.role != "system"]
            if chunks.kv_cells <= limit or len(droppable) <= 1:
                break
            chunks.close()
            del msgs[droppable[0]]
            # keep the thread starting with the user: drop the reply that answered it too
            if droppable[0] < len(msgs) - 1 and msgs[droppable[0]].role == "assistant":
                del msgs[droppable[0]]
        if chunks.kv_cells > self._llm.n_ctx() - 1:
            chunks.close()
            raise PromptTooLongError(
                f"The message is too long for this model's context ({chunks.kv_cells} tokens, "
                f"the limit is {self._llm.n_ctx()}). Shorten it or raise the context length.")
        return prompt, chunks

    def _prompt_chunks(self, prompt: str, messages: Sequence[Message]) -> PromptChunks:
        images = [p for m in messages for p in m.parts if isinstance(p, ImagePart)]
        if not images:
            return PromptChunks(self._tokens_continuing(prompt))
        if self._projector is None:
            raise NoVisionError(_("{model} was loaded without a vision projector, so it "
                                  "cannot see images. Remove the images, or choose a vision "
                                  "model.").format(model=self.model_name))
        fmt = self.chat_format
        add_special = not (fmt and fmt.bos_token and prompt.startswith(fmt.bos_token))
        return self._projector.tokenize(prompt, images, add_special=add_special)

    def fit_text(self, text: str, reserve: int) -> tuple[str, list[int]]:
        """Tokens of raw ``text`` (no chat template); an error when it leaves no room."""
        tokens = self._tokens_continuing(text) if text else self.tokenize(" ")
        if len(tokens) > self._llm.n_ctx() - min(reserve, self._llm.n_ctx() // 2):
            raise PromptTooLongError(
                f"The prompt is too long for this model's context ({len(tokens)} tokens, "
                f"the limit is {self._llm.n_ctx()}). Shorten it or raise the context length.")
        return text, tokens

    def _tokens_continuing(self, prompt: str) -> list[int]:
        """Tokens for ``prompt`` that keep the cached ones when the prompt extends them.

        Re-tokenizing the whole conversation can split the previous reply differently from
        how it was generated, which would throw away the cache from that point on. When the
        new prompt starts with the text already in the cache, only the rest is tokenized.
        """
        llm = self._llm
        if self._kv_text and llm.n_tokens and prompt.startswith(self._kv_text):
            rest = prompt[len(self._kv_text):].encode("utf-8")
            return (llm._input_ids[: llm.n_tokens].tolist()
                    + llm.tokenize(rest, add_bos=False, special=True))
        return self.tokenize(prompt)

    def _remember_kv_text(self, prompt: str, n_prompt: int) -> None:
        llm = self._llm
        evaluated = llm._input_ids[n_prompt: llm.n_tokens].tolist()
        try:
            self._kv_text = prompt + llm._model.detokenize(evaluated).decode("utf-8")
        except UnicodeDecodeError:
            self._kv_text = ""

    # conversations' states -----------------------------------------------------------

    def _switch_session(self, session: str | None) -> None:
        if session == self._session:
            return
        llm = self._llm
        if self._session is not None and llm.n_tokens > 0:
            self.states.put(self._state_key(self._session), self._save_state())
        restored = self.states.pop(self._state_key(session)) if session is not None else None
        self._kv_text = ""
        if restored is not None:
            self._restore_state(restored)
        self._session = session

    def has_saved_state(self, session: str) -> bool:
        """Whether the conversation ``session``'s state is kept for this cache layout."""
        return self._state_key(session) in self.states

    def _state_key(self, session: str) -> str:
        """A saved state's key: the conversation and the KV cache's layout, so a state is
        never restored into a cache of another type."""
        return f"{session}|kv={self.params.kv_cache_type}"

    def _save_state(self) -> SavedState:
        import llama_cpp

        llm = self._llm
        size = llama_cpp.llama_state_seq_get_size(llm._ctx.ctx, 0)
        buffer = (ctypes.c_uint8 * size)()
        written = llama_cpp.llama_state_seq_get_data(llm._ctx.ctx, buffer, size, 0)
        return SavedState(tokens=llm._input_ids[: llm.n_tokens].tolist(),
                          data=ctypes.string_at(buffer, written), text=self._kv_text)

    def _restore_state(self, state: SavedState) -> None:
        import llama_cpp

        llm = self._llm
        llm._ctx.kv_cache_seq_rm(-1, 0, -1)
        buffer = (ctypes.c_uint8 * len(state.data)).from_buffer_copy(state.data)
        if llama_cpp.llama_state_seq_set_data(llm._ctx.ctx, buffer, len(state.data), 0) == 0:
            llm.reset()
            return
        llm.input_ids[: len(state.tokens)] = state.tokens
        llm.n_tokens = len(state.tokens)
        llm._requires_eval = True
        self._kv_text = state.text

    # chat --------------------------------------------------------------------------

    def chat(self, messages: Sequence[Message], params: ChatParams | None = None,
             cancel: CancelToken | None = None) -> Iterator[Event]:
        """Stream a reply. Cancel between tokens with ``cancel``; ends with Done or Error."""
        params = params or ChatParams()
        cancel = cancel or CancelToken()
        if self._llm is None:
            yield Error("No model is loaded. Choose a model first.")
            return
        if self._embedding:
            yield Error(f"{self.model_name} is an embedding model; it cannot chat.")
            return
        with self._lock:
            yield from self._stream(messages, params, cancel)

    def _stream(self, messages: Sequence[Message], params: ChatParams,
                cancel: CancelToken) -> Iterator[Event]:
        start = time.perf_counter()
        try:
            shape = _ReplyShape.of(params, self.chat_format)
            self._switch_session(params.session)
            if params.prompt is not None:
                prompt, tokens = self.fit_text(params.prompt, reserve=min(params.max_tokens, 512))
                chunks = PromptChunks(tokens)
            else:
                prompt, chunks = self.fit_chunks(shape.messages(messages),
                                                 reserve=min(params.max_tokens, 512),
                                                 tools=shape.template_tools)
                tokens = chunks.tokens
            guide = self._guide(shape.grammar) if shape.grammar else None
        except PromptTooLongError as exc:
            yield Error(str(exc), code="too_long")
            return
        except NoVisionError as exc:
            yield Error(str(exc), code="unsupported")
            return
        except ConstraintError as exc:
            yield Error(str(exc), code="invalid")
            return
        except EngineError as exc:
            yield Error(str(exc))
            return
        try:
            yield from self._reply(prompt, chunks, guide, shape, params, cancel, start)
        finally:
            chunks.close()

    def _reply(self, prompt: str, chunks: PromptChunks, guide: _Guide | None,
               shape: _ReplyShape, params: ChatParams, cancel: CancelToken,
               start: float) -> Iterator[Event]:
        llm = self._llm
        tokens = chunks.tokens
        self.last_prompt = prompt
        if not params.reuse_prefix:
            llm.reset()
            llm._ctx.kv_cache_seq_rm(-1, 0, -1)
            self._kv_text = ""
            if not chunks.spans:
                tokens = chunks.tokens = self.tokenize(prompt)
        cached = _common_prefix(llm._input_ids[: llm.n_tokens], tokens)
        cached = min(cached, len(tokens) - 1)
        if params.seed is not None:
            llm.set_seed(params.seed)
        template_stops = (self.chat_format.stop if self.chat_format and params.prompt is None
                          else ())
        writer = _ReplyWriter((*template_stops, *params.stop),
                              divert=CALL_OPEN if shape.tools else None)
        completion = 0
        ttft = None
        finish: Literal["stop", "length", "cancelled", "tool_calls"] = "stop"
        vocab = llm._model.vocab
        import llama_cpp

        try:
            evaluated, encode_s = self._evaluate_prompt(tokens, cancel, chunks)
        except EngineError as exc:
            self._kv_text = ""
            yield Error(str(exc))
            return
        image_stats: dict[str, Any] = {"image_encode_s": encode_s,
                                       "image_tokens": chunks.image_tokens}
        if not evaluated:
            self._kv_text = ""
            yield Done("", ReplyStats(
                ttft_s=None, tok_s=None, prompt_tokens=len(tokens), cached_tokens=max(cached, 0),
                completion_tokens=0, total_s=time.perf_counter() - start,
                finish_reason="cancelled", **image_stats))
            return
        drafts = _DraftStats()
        if guide is None and params.temperature == 0 and self.params.speculative == "auto":
            generator = self._drafted(tokens, drafts)
        else:
            generator = llm.generate(tokens, temp=params.temperature, top_p=params.top_p,
                                     top_k=40, min_p=0.05, repeat_penalty=1.0,
                                     logits_processor=guide.processors if guide else None)
        try:
            for token in generator:
                if ttft is None:
                    ttft = time.perf_counter() - start
                if llama_cpp.llama_vocab_is_eog(vocab, token):
                    break
                if guide is not None and guide.consume(token):
                    # the grammar is complete: this token ends the reply
                    completion += 1
                    text = writer.feed(llm._model.detokenize([token])) + writer.flush()
                    if text:
                        yield Token(text)
                    break
                completion += 1
                text = writer.feed(llm._model.detokenize([token]))
                if text:
                    yield Token(text)
                if writer.stopped:
                    break
                if cancel.cancelled:
                    finish = "cancelled"
                    break
                if completion >= params.max_tokens or llm.n_tokens + 1 >= llm.n_ctx():
                    finish = "length"
                    break
        except (RuntimeError, ValueError) as exc:
            self._kv_text = ""
            yield Error(f"The model failed while generating: {exc}.", text=writer.text)
            return
        finally:
            generator.close()
        self._remember_kv_text(prompt, len(tokens))
        tail = writer.flush()
        if tail:
            yield Token(tail)
        calls: list[ToolCallPart] = []
        if writer.diverted is not None:
            _, calls = split_tool_calls(CALL_OPEN + writer.diverted)
            if calls and finish == "stop":
                finish = "tool_calls"
        total = time.perf_counter() - start
        decode_s = total - (ttft or total)
        yield Done(writer.text.rstrip() if calls else writer.text, ReplyStats(
            ttft_s=ttft, tok_s=(completion - 1) / decode_s if completion > 1 and decode_s > 0 else None,
            prompt_tokens=len(tokens), cached_tokens=max(cached, 0),
            completion_tokens=completion, total_s=total, finish_reason=finish,
            stop_sequence=writer.matched if writer.matched in params.stop else None,
            draft_tokens=drafts.proposed, draft_accepted=drafts.accepted,
            **image_stats), tool_calls=tuple(calls))

    def _drafted(self, tokens: list[int], stats: _DraftStats) -> Generator[int, None, None]:
        """Greedy decoding with prompt-lookup drafts (speculative decoding).

        At each step the tokens that followed the latest earlier occurrence of the
        conversation's last few tokens are drafted, and the model checks them in one batch
        with the token they follow: drafts are kept while they are what the model would
        have picked itself, and the model's own pick where they part comes free. The reply
        is the same as one token at a time; it is faster when the reply repeats text.

        Like ``Llama.generate``: the prompt's last token is not yet evaluated, and a token
        yielded is not in the KV cache until the next one is asked for (``n_tokens`` always
        counts what the cache holds before the token just yielded)."""
        import llama_cpp
        import numpy as np

        llm = self._llm
        n_vocab, n_ctx = llm.n_vocab(), llm.n_ctx()
        history = list(tokens)
        llm.n_tokens = len(tokens) - 1
        pending = tokens[-1]
        while True:
            n_past = llm.n_tokens
            room = max(0, min(MAX_DRAFT, n_ctx - n_past - 2, llm.n_batch - 1))
            draft = prompt_lookup(history, room) if room else []
            batch = [pending, *draft]
            llm._ctx.kv_cache_seq_rm(-1, n_past, -1)
            llm._batch.set_batch(batch=batch, n_past=n_past, logits_all=True)
            llm._ctx.decode(llm._batch)
            llm.input_ids[n_past: n_past + len(batch)] = batch
            rows = np.ctypeslib.as_array(llama_cpp.llama_get_logits(llm._ctx.ctx),
                                         shape=(len(batch), n_vocab))
            picks = rows.argmax(axis=1)
            kept = 0
            while kept < len(draft) and int(picks[kept]) == draft[kept]:
                kept += 1
            stats.proposed += len(draft)
            stats.accepted += kept
            llm.n_tokens = n_past + 1
            for token in draft[:kept]:
                yield token
                history.append(token)
                llm.n_tokens += 1  # a kept draft was evaluated in the batch
            pending = int(picks[kept])
            yield pending
            history.append(pending)

    def _guide(self, grammar: str) -> _Guide:
        """A fresh constraint for one reply (the vocabulary's view is built once)."""
        if self._guide_tokenizer is None:
            import warnings

            from llguidance.llamacpp import lltokenizer_from_vocab

            with warnings.catch_warnings():  # it reads each token's attributes through a
                warnings.simplefilter("ignore", DeprecationWarning)  # deprecated alias
                self._guide_tokenizer = lltokenizer_from_vocab(self._llm._model.vocab)
        return _Guide(self._guide_tokenizer, grammar, self._llm.n_vocab())

    def _evaluate_prompt(self, tokens: list[int], cancel: CancelToken,
                         chunks: PromptChunks | None = None) -> tuple[bool, float]:
        """Evaluate all but the last prompt token, one batch at a time, checking ``cancel``
        between batches (``Llama.generate`` then evaluates only the last token); images
        go through the projector at their place. Returns (False when cancelled: Stop takes
        effect within one batch, not at the first token; the seconds spent on images)."""
        llm = self._llm
        at = _common_prefix(llm._input_ids[: llm.n_tokens], tokens[:-1])
        span = chunks.span_at(at) if chunks else None
        if span is not None and at > span.start:  # never resume inside an image
            at = span.start
        llm.n_tokens = at
        encode_s = 0.0
        step = min(FIRST_BATCH, llm.n_batch)  # measures this machine's speed first
        while at < len(tokens) - 1:
            if cancel.cancelled:
                return False, encode_s
            span = chunks.span_at(at) if chunks else None
            if span is not None:
                llm._ctx.kv_cache_seq_rm(-1, at, -1)
                assert self._projector is not None
                encode_s += self._projector.evaluate(span, llm._ctx.ctx, llm.n_batch)
                llm.input_ids[span.start: span.end] = tokens[span.start: span.end]
                llm.n_tokens = at = span.end
                continue
            end = min(at + step, len(tokens) - 1)
            if chunks and chunks.spans:
                end = min([end] + [s.start for s in chunks.spans if s.start > at])
            chunk = tokens[at: end]
            started = time.perf_counter()
            llm.eval(chunk)
            at += len(chunk)
            step = _next_step(len(chunk), time.perf_counter() - started, llm.n_batch)
        return not cancel.cancelled, encode_s

    # embeddings --------------------------------------------------------------------

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        if self._llm is None or not self._embedding:
            raise EngineError("Load an embedding model (embedding=True) before embedding text.")
        with self._lock:
            return [list(map(float, v)) for v in self._llm.embed(list(texts), normalize=True)]

    def close(self) -> None:
        """Free the model and every saved state."""
        with self._lock:
            if self._projector is not None:
                self._projector.close()
            self._projector = None
            self.capabilities = LlamaCppEngine.capabilities
            if self._llm is not None:
                self._llm.close()
            self._llm = None
            self.states = StateCache(0, 0)
            self._session = None
            self._guide_tokenizer = None

    @property
    def loaded(self) -> bool:
        return self._llm is not None


#: the longest a prompt-processing batch should take, so that Stop acts within it
BATCH_SECONDS = 0.25
#: tokens in a prompt's first batch, whose speed sizes the next ones
FIRST_BATCH = 16


#: the most tokens drafted at a step
MAX_DRAFT = 16
#: the longest run of the conversation's last tokens looked up for a draft
LOOKUP_NGRAM = 3


@dataclass
class _DraftStats:
    proposed: int = 0
    accepted: int = 0


def prompt_lookup(history: Sequence[int], limit: int) -> list[int]:
    """Up to ``limit`` tokens that followed the latest earlier occurrence of the history's
    last ``LOOKUP_NGRAM`` tokens (or fewer, down to one); none when nothing matches."""
    import numpy as np

    if limit <= 0 or len(history) < 2:
        return []
    seq = np.asarray(history, dtype=np.int64)
    for n in range(min(LOOKUP_NGRAM, len(seq) - 1), 0, -1):
        windows = np.lib.stride_tricks.sliding_window_view(seq[:-1], n)
        hits = np.flatnonzero((windows == seq[-n:]).all(axis=1))
        for start in hits[::-1]:
            follow = seq[start + n: start + n + limit]
            if len(follow) and follow[0] >= 0:
                cut = np.flatnonzero(follow < 0)  # never draft into an image's positions
                return follow[: cut[0] if len(cut) else len(follow)].tolist()
    return []


def _next_step(evaluated: int, seconds: float, n_batch: int) -> int:
    """Tokens in the next prompt batch: as many as ``BATCH_SECONDS`` allow at the speed
    just measured (a slow or busy machine gets smaller batches), at most ``n_batch``."""
    if seconds <= 0:
        return n_batch
    return max(8, min(n_batch, int(evaluated / seconds * BATCH_SECONDS)))


def _common_prefix(a: Sequence[int], b: Sequence[int]) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


class _ReplyWriter:
    """Turns token bytes into text: whole UTF-8 characters only, stop strings held back.

    With ``divert`` (the tool-call opener), everything from that marker on goes to
    ``diverted`` instead of the reply's text: the calls are returned parsed, not shown."""

    def __init__(self, stop: Sequence[str], divert: str | None = None) -> None:
        self.stop = [s for s in stop if s]
        self.divert = divert
        self._hold = max((len(s) for s in (*self.stop, divert or "")), default=1) - 1
        # bytes that never form a character (a small model emitting half an emoji, or
        # byte tokens of a script it does not know) are dropped, not shown as U+FFFD
        self._decoder = codecs.getincrementaldecoder("utf-8")("ignore")
        self._pending = ""
        self.text = ""
        self.stopped = False
        #: the stop string that ended the reply
        self.matched: str | None = None
        #: the text after ``divert`` (None until the marker appears)
        self.diverted: str | None = None

    def feed(self, piece: bytes) -> str:
        if self.diverted is not None:
            self.diverted += self._decoder.decode(piece)
            return ""
        self._pending += self._decoder.decode(piece)
        if self.divert and (at := self._pending.find(self.divert)) >= 0:
            self.diverted = self._pending[at + len(self.divert):]
            out, self._pending = self._pending[:at], ""
            self.text += out
            return out
        for stop in self.stop:
            at = self._pending.find(stop)
            if at >= 0:
                self._pending = self._pending[:at]
                self.stopped = True
                self.matched = stop
                return self.flush()
        if self._hold <= 0:
            out, self._pending = self._pending, ""
        else:
            out, self._pending = self._pending[: -self._hold], self._pending[-self._hold:]
        self.text += out
        return out

    def flush(self) -> str:
        """The text held back. Bytes of a character the reply was cut inside (a length
        limit, a stop) are dropped, so a reply never ends in U+FFFD."""
        if self.diverted is not None:
            self.diverted += self._decoder.decode(b"", final=True)
            self._pending = ""
            return ""
        out = self._pending
        self._decoder.reset()
        self._pending = ""
        self.text += out
        return out


@dataclass
class _ReplyShape:
    """What a reply must look like: the tools it may call and the grammar it follows."""

    tools: list[ToolSpec]
    choice: ToolChoice
    grammar: str | None
    native_tools: bool

    @classmethod
    def of(cls, params: ChatParams, chat_format: ChatFormat | None) -> _ReplyShape:
        fmt = OutputFormat.parse(params.response_format)
        tools = parse_tools(params.tools)
        choice = parse_tool_choice(params.tool_choice, tools)
        if choice == "none":
            tools_on: list[ToolSpec] = []
        else:
            tools_on = tools
        grammar = (call_grammar(tools_on, choice, reply=fmt) if tools_on
                   else output_grammar(fmt))
        native = template_knows_tools(chat_format.template if chat_format else None)
        return cls(tools_on, choice, grammar, native)

    @property
    def template_tools(self) -> list[dict] | None:
        return [t.openai() for t in self.tools] if self.tools and self.native_tools else None

    def messages(self, messages: Sequence[Message]) -> list[Message]:
        if not self.tools and not any(m.has_tool_parts or m.role == "tool" for m in messages):
            return list(messages)
        return messages_for_template(messages, self.tools, self.native_tools)


class _Guide:
    """One reply's constraint: llguidance's matcher masks every token the grammar does not
    allow before sampling, and follows each sampled token."""

    def __init__(self, tokenizer: Any, grammar: str, n_vocab: int) -> None:
        import llguidance
        import numpy as np

        self._np = np
        self.matcher = llguidance.LLMatcher(tokenizer, grammar)
        if self.matcher.is_error():
            raise ConstraintError(f"The reply's format cannot be followed: "
                                  f"{self.matcher.get_error()}.")
        self.n_vocab = n_vocab
        from llama_cpp import LogitsProcessorList

        self.processors = LogitsProcessorList([self._mask])

    def _mask(self, _input_ids: Any, scores: Any) -> Any:
        np = self._np
        allowed = np.unpackbits(np.frombuffer(self.matcher.compute_bitmask(), np.uint8),
                                bitorder="little")[: len(scores)]
        scores[allowed == 0] = -np.inf
        return scores

    def consume(self, token: int) -> bool:
        """Follow ``token``; True when the grammar is complete (nothing may follow)."""
        self.matcher.consume_token(token)
        return self.matcher.is_stopped()


def _with_markers(messages: Sequence[Message]) -> list[Message]:
    """Messages as the template renders them: each image becomes libmtmd's marker before
    the message's text (a marker typed by the user is defused, so markers and images
    always pair up)."""
    out = []
    for m in messages:
        if not m.has_images and MARKER not in m.content:
            out.append(m)
            continue
        images = sum(isinstance(p, ImagePart) for p in m.parts)
        text = m.content.replace(MARKER, "<_media_>")
        out.append(Message(m.role, MARKER * images + text, parts=m.parts))
    return out
