"""One module per engine, each setting ``ENGINE`` (an :class:`app.engines.registry.EngineSpec`).

The registry finds every module here; nothing else lists engines. To add an engine, add
a module (see ``sglang.py`` for a worker: detection, launch, install, rules).
"""
