"""Structured output from the fronts' side: the options read from files
(``app.services.formats``), the conversation setting the chat service sends, and
``hearth chat --json / --json-schema / --grammar`` run as a user would."""

from __future__ import annotations

import json
import re

import pytest

from app.bench.structured import SCHEMAS, validates
from app.engines.base import Done
from app.services.formats import FormatError, format_from_files
from app.store import open_db
from app.store.conversations import ConversationStore
from tests.test_cli import hearth

PERSON = SCHEMAS["person"]
WORD_GRAMMAR = 'root ::= "<word>" [a-z]{1,12} "</word>"\n'


@pytest.fixture
def files(tmp_path):
    (tmp_path / "person.json").write_text(json.dumps(PERSON))
    (tmp_path / "wrapped.json").write_text(json.dumps({"name": "person", "strict": True,
                                                       "schema": PERSON}))
    (tmp_path / "word.gbnf").write_text(WORD_GRAMMAR)
    (tmp_path / "broken.json").write_text('{"type": "object", "properties": {')
    (tmp_path / "list.json").write_text("[1, 2]")
    (tmp_path / "wrong.json").write_text('{"type": "objekt"}')
    (tmp_path / "undefined.gbnf").write_text('root ::= "<a>" body\n')
    return tmp_path


# the services door ------------------------------------------------------------------------


def test_options_become_the_response_format(files):
    assert format_from_files(False, None, None) is None
    assert format_from_files(True, None, None) == {"type": "json_object"}
    assert format_from_files(False, files / "person.json", None) == {
        "type": "json_schema", "json_schema": {"name": "person", "schema": PERSON}}
    assert format_from_files(False, files / "wrapped.json", None) == {
        "type": "json_schema", "json_schema": {"name": "person", "strict": True,
                                               "schema": PERSON}}
    assert format_from_files(False, None, files / "word.gbnf") == {
        "type": "grammar", "grammar": WORD_GRAMMAR}


@pytest.mark.parametrize(("options", "says"), [
    ((True, None, "word.gbnf"), "Choose one structured output: --json or --grammar"),
    ((False, "broken.json", None), "is not valid JSON"),
    ((False, "list.json", None), "does not hold a JSON schema"),
    ((False, "wrong.json", None), "The JSON schema is not valid at type"),
    ((False, "missing.json", None), "does not exist"),
    ((False, None, "undefined.gbnf"), "Rule 'body' not found"),
])
def test_bad_options_are_refused_with_what_to_fix(files, options, says):
    json_flag, schema, grammar = options
    with pytest.raises(FormatError) as raised:
        format_from_files(json_flag, schema and files / schema, grammar and files / grammar)
    assert says in str(raised.value) and str(raised.value).rstrip().endswith(".")


# the conversation setting -----------------------------------------------------------------


def test_the_conversation_response_format_goes_into_its_requests(services):
    chat = services.chat
    response_format = {"type": "json_schema",
                       "json_schema": {"name": "person", "schema": PERSON}}
    conv = chat.create(settings={"max_tokens": 160, "response_format": response_format})
    done = None
    for event in chat.send(conv.id, "Reply with a JSON object describing a nurse: name, "
                                    "age, role."):
        if isinstance(event, Done):
            done = event
    assert isinstance(done, Done) and validates(done.text, PERSON), done
    leaf = chat.get(conv.id).current_leaf_id
    assert chat.request_for(conv.id, leaf).response_format == response_format
    assert validates(chat.thread(conv.id)[-1].content, PERSON)
    plain = chat.create()
    assert chat.request_for(plain.id, None).response_format is None


# hearth chat ------------------------------------------------------------------------------


def stored_settings(conversation_id: int) -> dict:
    db = open_db()
    try:
        return ConversationStore(db).get(conversation_id).settings
    finally:
        db.close()


def test_chat_json_schema_replies_validate_and_the_resumed_chat_keeps_them(files,
                                                                          smollm2_path):
    done = hearth("chat", "--json-schema", str(files / "person.json"), "--max-tokens", "160",
                  "-q", "Describe a baker as JSON: name, age, role.")
    assert done.returncode == 0, done.stderr
    assert validates(done.stdout.strip(), PERSON), done.stdout
    assert stored_settings(1)["response_format"]["json_schema"]["schema"] == PERSON
    again = hearth("chat", "-c", "1", "--max-tokens", "160", "-q", "And a sailor.")
    assert again.returncode == 0, again.stderr
    assert validates(again.stdout.strip(), PERSON), again.stdout


def test_chat_grammar_switches_a_resumed_conversation(files, smollm2_path):
    first = hearth("chat", "--json", "--max-tokens", "160", "-q",
                   "Reply with a JSON object with a colour and a fruit.")
    assert first.returncode == 0, first.stderr
    assert stored_settings(1)["response_format"] == {"type": "json_object"}
    done = hearth("chat", "-c", "1", "--grammar", str(files / "word.gbnf"), "-q",
                  "--max-tokens", "40", "Say one word in XML.")
    assert done.returncode == 0, done.stderr
    assert re.fullmatch(r"<word>[a-z]{1,12}</word>", done.stdout.strip()), done.stdout
    assert stored_settings(1)["response_format"]["type"] == "grammar"


@pytest.mark.parametrize(("args", "says"), [
    (("--json-schema", "wrong.json"), "Invalid value for '--json-schema': The JSON schema is "
                                      "not valid at type"),
    (("--json-schema", "broken.json"), "is not valid JSON"),
    (("--grammar", "undefined.gbnf"), "Invalid value for '--grammar': The grammar does not "
                                      "parse as GBNF"),
    (("--json", "--grammar", "word.gbnf"), "Choose one structured output"),
])
def test_chat_with_a_bad_format_exits_2_and_creates_nothing(files, smollm2_path, args, says):
    args = tuple(str(files / a) if a.endswith((".json", ".gbnf")) else a for a in args)
    failed = hearth("chat", *args, "hi")
    assert failed.returncode == 2, failed.stderr
    assert says in failed.stderr and "Traceback" not in failed.stderr
    assert hearth("chats", "list", "--json").stdout.strip() == "[]"
