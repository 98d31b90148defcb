"""The model scheduler: it owns every loaded engine.

Modelled on Ollama's ``server/sched.go``, at desktop scale:

- a model is loaded on the first request that names it, through a :class:`Runtime` of
  its own (which picks the engine and explains why);
- models stay resident while the fit estimate says the next one fits beside them; the
  least recently used idle model is unloaded first when it does not. A GPU worker or a
  remote endpoint runs alone (its memory is the GPU's, which the estimate cannot share);
- a model idle for ``Settings.idle_unload_minutes`` is unloaded (0: never);
- in front of each engine, which runs one sequence at a time, a fair (first come,
  first served) bounded queue: a reply waits for its turn, a cancelled one leaves the
  queue at once, and one past the bound is refused with a sentence that says why.

Callers hold a model through :meth:`Scheduler.lease`, a context manager that yields the
runtime once it is this caller's turn; the model is not unloaded while it is leased.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from app.engines.base import CancelToken, EngineError, LoadReport, ModelRef
from app.services.runtime import Runtime
from app.settings import Settings


class QueueFullError(EngineError):
    """Too many replies are already waiting for this model."""


class WaitCancelled(Exception):
    """The reply was cancelled while it waited for its turn."""


@dataclass(frozen=True)
class LoadStarted:
    """Reported before a model load begins, so a front can say so."""

    model: str
    engine: str


@dataclass(frozen=True)
class Queued:
    """Reported when a reply must wait: ``ahead`` replies run or wait before it."""

    model: str
    ahead: int


class FairGate:
    """First come, first served admission to an engine that runs one sequence at a time."""

    def __init__(self, max_waiting: int) -> None:
        self.max_waiting = max_waiting
        self._cond = threading.Condition()
        self._queue: deque[object] = deque()
        self._busy = False

    @property
    def waiting(self) -> int:
        with self._cond:
            return len(self._queue)

    @property
    def busy(self) -> bool:
        with self._cond:
            return self._busy or bool(self._queue)

    def ahead(self) -> int:
        """How many replies run or wait now (what a newcomer would wait behind)."""
        with self._cond:
            return len(self._queue) + (1 if self._busy else 0)

    def enter(self, cancel: CancelToken, model: str) -> None:
        """Wait for this caller's turn; WaitCancelled when ``cancel`` fires first."""
        ticket = object()
        with self._cond:
            if len(self._queue) >= self.max_waiting:
                raise QueueFullError(
                    f"{len(self._queue)} replies are already waiting for {model}. Wait for "
                    "one to finish, or raise 'Replies that may wait' in Settings.")
            self._queue.append(ticket)
            while self._busy or self._queue[0] is not ticket:
                if cancel.cancelled:
                    self._queue.remove(ticket)
                    self._cond.notify_all()
                    raise WaitCancelled()
                self._cond.wait(0.05)
            self._queue.popleft()
            self._busy = True

    def leave(self) -> None:
        with self._cond:
            self._busy = False
            self._cond.notify_all()


@dataclass
class Slot:
    """One resident model: its runtime, its queue, and when it was last used."""

    key: str
    runtime: Runtime
    gate: FairGate
    last_used: float = field(default_factory=time.monotonic)
    leases: int = 0

    @property
    def idle(self) -> bool:
        return self.leases == 0 and not self.gate.busy


@dataclass(frozen=True)
class Resident:
    """What the Performance page and ``hearth doctor`` show about a loaded model."""

    model: str
    engine: str
    idle_s: float
    busy: bool
    waiting: int


def _key(ref: ModelRef, n_ctx: int) -> str:
    return f"{ref.path or ref.name}@{n_ctx}"


class Scheduler:
    """Loads models on demand, keeps those that fit, unloads idle ones, queues replies.

    ``runtime_factory(settings)`` builds a :class:`Runtime` for one model (tests pass
    their own engine factory through it). ``fits(ref, n_ctx, slots)`` says whether a new
    model fits beside the resident ones (default: the fit estimate against the memory
    available now).
    """

    def __init__(self, db: Database, settings: Settings,
                 runtime_factory: Callable[[Settings], Runtime] | None = None,
                 fits: Callable[[ModelRef, int, list[Slot]], bool] | None = None,
                 fixed: Runtime | None = None) -> None:
        self.db = db
        #: with ``fixed``, every model runs on that one runtime, one at a time (as Hearth
        #: did before the scheduler; engine-switching tests and benches use it)
        self._fixed = fixed
        self.settings = settings
        self._runtime_factory = runtime_factory or (lambda s: Runtime(db, s))
        self._fits = fits or self._fits_in_memory
        self._slots: OrderedDict[str, Slot] = OrderedDict()
        self._lock = threading.RLock()
        self._closed = threading.Event()
        #: the runtime of the model used last (the Engines page acts on it)
        self._primary: Runtime | None = fixed
        if fixed is None:  # a fixed runtime belongs to its caller, who closes it
            threading.Thread(target=self._reap_idle, name="hearth-idle-unload",
                             daemon=True).start()

    # leasing -------------------------------------------------------------------------

    @contextlib.contextmanager
    def lease(self, model: str | None, n_ctx: int | None = None,
              cancel: CancelToken | None = None,
              notify: Callable[[Any], None] | None = None) -> Iterator[Runtime]:
        """Hold ``model`` (loaded if needed) for one reply, after the replies before it.

        ``notify`` hears :class:`Queued` when the reply must wait and
        :class:`LoadStarted` / the :class:`LoadReport` when a load happens. Raises
        WaitCancelled when ``cancel`` fires while waiting, QueueFullError when the queue
        is full, EngineError when the model cannot load.
        """
        cancel = cancel or CancelToken()
        slot = self._slot_for(model, n_ctx)
        if notify is not None and slot.gate.ahead():
            notify(Queued(slot.runtime.model.name if slot.runtime.model else (model or ""),
                          slot.gate.ahead()))
        try:
            slot.gate.enter(cancel, model or self.settings.default_model)
        except BaseException:
            self._release_lease(slot)
            raise
        try:
            self._load(slot, model, notify)
            with self._lock:
                self._primary = slot.runtime
            yield slot.runtime
        finally:
            slot.gate.leave()
            self._release_lease(slot)

    def _release_lease(self, slot: Slot) -> None:
        with self._lock:
            slot.leases -= 1
            slot.last_used = time.monotonic()

    def _slot_for(self, model: str | None, n_ctx: int | None) -> Slot:
        """The slot that serves ``model`` at ``n_ctx`` (made, not loaded, when new);
        counted as leased so it is not unloaded from under the caller."""
        n_ctx = n_ctx or self.settings.n_ctx
        if self._fixed is not None:
            return self._fixed_slot()
        library_runtime = self._any_runtime()
        ref = self._resolve(library_runtime, model)
        key = _key(ref, n_ctx)
        with self._lock:
            self._adopt_primary()
            slot = self._slots.get(key)
            if slot is None:
                settings = self.settings.model_copy()
                settings.n_ctx = n_ctx
                runtime = (library_runtime if library_runtime.model is None
                           and library_runtime not in self._runtimes()
                           else self._runtime_factory(settings))
                runtime.settings = settings
                slot = Slot(key, runtime, FairGate(self.settings.max_queued_replies))
                self._slots[key] = slot
            self._slots.move_to_end(key)
            slot.leases += 1
            return slot

    def _resolve(self, runtime: Runtime, model: str | None) -> ModelRef:
        """``model``'s file, one caller at a time: the runtimes share one connection, and
        the first resolve registers the starter model (a write), which two replies arriving
        together (API clients) must not do at once."""
        with self._lock:
            return runtime.library.resolve(model or self.settings.default_model)

    def _adopt_primary(self) -> None:
        """A model loaded on the primary runtime outside a lease (an engine switch from
        the Engines page) becomes a slot, so it is not loaded twice (caller holds the
        lock)."""
        primary = self._primary
        if primary is None or primary.model is None or primary in self._runtimes():
            return
        key = _key(primary.model, primary.settings.n_ctx)
        self._slots[key] = Slot(key, primary, FairGate(self.settings.max_queued_replies))

    def _fixed_slot(self) -> Slot:
        assert self._fixed is not None
        with self._lock:
            slot = self._slots.get("fixed")
            if slot is None:
                slot = Slot("fixed", self._fixed, FairGate(self.settings.max_queued_replies))
                self._slots["fixed"] = slot
            slot.leases += 1
            return slot

    def _load(self, slot: Slot, model: str | None, notify: Callable[[Any], None] | None) -> None:
        """Load the slot's model unless it is resident; make room first (caller has the
        slot's turn, so no reply runs on it)."""
        runtime = slot.runtime
        ref = self._resolve(runtime, model)
        if runtime.model == ref and runtime.last_load is not None:
            return
        self._make_room(slot, ref)
        if notify is not None:
            notify(LoadStarted(ref.name, runtime.engine_for(model)))
        report = runtime.ensure(model)
        if report is not None and notify is not None:
            notify(report)
        if runtime.running is not None and not runtime.engine.capabilities.in_process:
            self._unload_others(slot)

    def _make_room(self, slot: Slot, ref: ModelRef) -> None:
        """Unload idle models, least recently used first, until ``ref`` fits."""
        while True:
            with self._lock:
                others = [s for s in self._slots.values() if s is not slot
                          and s.runtime.model is not None]
                alone = [s for s in others if s.runtime.running is not None
                         and not s.runtime.engine.capabilities.in_process]
                if not others or (not alone and self._fits(ref, slot.runtime.settings.n_ctx,
                                                           others)):
                    return
                idle = [s for s in others if s.idle]
                if not idle:
                    return  # every other model is busy: load anyway, the OS decides
                victim = min(idle, key=lambda s: s.last_used)
            self._unload(victim)

    def _unload_others(self, keep: Slot) -> None:
        with self._lock:
            others = [s for s in self._slots.values() if s is not keep and s.idle]
        for slot in others:
            self._unload(slot)

    def _unload(self, slot: Slot) -> None:
        with self._lock:
            if not slot.idle:
                return
            self._slots.pop(slot.key, None)
            if self._primary is slot.runtime:
                self._primary = None
        slot.runtime.close()

    @staticmethod
    def _fits_in_memory(ref: ModelRef, n_ctx: int, _others: list[Slot]) -> bool:
        from app.models.fit import available_memory, estimate

        if ref.path is None or not ref.path.is_file():
            return True  # served by another program: its memory is not ours to count
        fit = estimate(ref.path.stat().st_size, n_ctx, memory=available_memory())
        return fit.label == "fits"

    # idle unload ---------------------------------------------------------------------

    def _reap_idle(self) -> None:
        while not self._closed.wait(5.0):
            self.unload_idle()

    def unload_idle(self, now: float | None = None) -> list[str]:
        """Unload every model idle longer than the setting; the names unloaded."""
        minutes = self.settings.idle_unload_minutes
        if minutes <= 0:
            return []
        now = time.monotonic() if now is None else now
        with self._lock:
            stale = [s for s in self._slots.values() if s.idle and s.runtime.model is not None
                     and now - s.last_used >= minutes * 60]
        names = []
        for slot in stale:
            name = slot.runtime.model.name if slot.runtime.model else slot.key
            self._unload(slot)
            names.append(name)
        return names

    # what fronts see -----------------------------------------------------------------

    def _runtimes(self) -> list[Runtime]:
        with self._lock:
            return [s.runtime for s in self._slots.values()]

    def _any_runtime(self) -> Runtime:
        """A runtime to resolve names with and to act on (the primary one, made if none)."""
        with self._lock:
            if self._primary is None:
                runtimes = self._runtimes()
                self._primary = runtimes[-1] if runtimes else self._runtime_factory(
                    self.settings.model_copy())
            return self._primary

    @property
    def primary(self) -> Runtime:
        """The runtime of the model used last: what the status bar and Engines page show."""
        return self._any_runtime()

    def runtime_for(self, model: str | None, n_ctx: int | None = None) -> Runtime | None:
        """The runtime serving ``model`` now, if it is resident."""
        ref = self._resolve(self._any_runtime(), model)
        with self._lock:
            slot = self._slots.get(_key(ref, n_ctx or self.settings.n_ctx))
            return slot.runtime if slot is not None else None

    def residents(self) -> list[Resident]:
        now = time.monotonic()
        with self._lock:
            return [Resident(s.runtime.model.name, s.runtime.engine_name, now - s.last_used,
                             not s.idle, s.gate.waiting)
                    for s in self._slots.values() if s.runtime.model is not None]

    def unload_all(self) -> None:
        """Free every idle model (a user's engine switch, Settings that need a reload)."""
        with self._lock:
            slots = list(self._slots.values())
        for slot in slots:
            self._unload(slot)

    def switch(self, target: Any, model: str | None = None, persist: bool = True) -> LoadReport:
        """Run chats on ``target`` (an EngineTarget, or auto) from now on: the other
        resident models are unloaded (they would stay on the old engine), the model used
        last switches. Raises EngineSwitchError as :meth:`Runtime.switch` does."""
        primary = self.primary
        with self._lock:
            others = [s for s in self._slots.values() if s.runtime is not primary]
        for slot in others:
            self._unload(slot)
        return primary.switch(target, model, persist=persist)

    def preload(self, model: str | None, n_ctx: int | None = None,
                notify: Callable[[Any], None] | None = None) -> LoadReport | None:
        """Load ``model`` now (opening a conversation warms its model up)."""
        with self.lease(model, n_ctx, notify=notify) as runtime:
            return runtime.last_load

    def close(self) -> None:
        """Stop the idle timer and free every model."""
        self._closed.set()
        with self._lock:
            slots = list(self._slots.values())
            self._slots.clear()
            primary, self._primary = self._primary, None
        for slot in slots:
            slot.runtime.close()
        if primary is not None and all(primary is not s.runtime for s in slots):
            primary.close()
