"""A message in a language the model was not trained on gets a hint naming a model that
speaks it (the starter model is English only, #17)."""

from __future__ import annotations

from app.models.catalog import get_entry
from app.services.models import language_hint, script_language


def test_the_script_of_a_message_names_its_language():
    assert script_language("用中文介绍一下你自己。") == "zh"
    assert script_language("こんにちは、元気ですか") == "ja"
    assert script_language("안녕하세요") == "ko"
    assert script_language("Hello, how are you?") is None
    assert script_language("Explain 机器学习 in one paragraph, please, with an example.") is None


def test_the_starter_says_it_cannot_answer_chinese_and_names_one_that_can():
    hint = language_hint("smollm2-135m-instruct", "用中文介绍一下你自己。")
    assert hint is not None and "English only" in hint and "Chinese" in hint
    suggested = hint.split("hearth models pull ")[1].rstrip("`.")
    entry = get_entry(suggested)
    assert entry is not None and "zh" in entry.languages and entry.kind == "chat"


def test_no_hint_when_the_model_speaks_it_or_is_unknown():
    assert language_hint("qwen2.5-0.5b-instruct", "用中文介绍一下你自己。") is None
    assert language_hint("smollm2-135m-instruct", "Tell me about yourself.") is None
    assert language_hint("my-own-model.gguf", "用中文介绍一下你自己。") is None


def test_the_starter_note_follows_the_windows_language():
    from app.services.models import starter_note

    note = starter_note("smollm2-135m-instruct", "zh_CN")
    assert note is not None and "qwen" in note.lower()
    assert starter_note("smollm2-135m-instruct", "en") is None
    assert starter_note("qwen2.5-0.5b-instruct", "zh_CN") is None


def test_hearth_chat_says_so_before_answering_chinese_with_the_starter(smollm2_path):
    from tests.test_cli import hearth

    done = hearth("chat", "--max-tokens", "4", "用中文介绍一下你自己。")
    assert done.returncode == 0, done.stderr
    assert "English only" in done.stderr and "hearth models pull" in done.stderr
    quiet = hearth("chat", "--max-tokens", "4", "Tell me about yourself.")
    assert "English only" not in quiet.stderr


def test_the_chinese_window_notes_the_starter_and_the_first_chinese_message(qtbot,
                                                                           smollm2_path):
    from app.services.language import set_language
    from tests.ui_helpers import close_window, open_window

    set_language("zh_CN")
    try:
        window = open_window(qtbot, language="zh_CN")
        try:
            qtbot.waitUntil(lambda: window.welcome.note.isVisibleTo(window.welcome),
                            timeout=30_000)
            assert "Qwen" in window.welcome.note.text()
            with qtbot.waitSignal(window.reply_finished, timeout=120_000):
                window.send("用中文介绍一下你自己。")
            qtbot.waitUntil(lambda: "hearth models pull" in window.notice.text(),
                            timeout=30_000)
        finally:
            close_window(window)
    finally:
        set_language("en")
