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
