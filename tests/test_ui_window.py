"""The real window on the real SmolLM2 model: send, stream, stop, regenerate, edit and
branch, switch conversations, restart. Every wait is on a signal."""

from __future__ import annotations

import sys

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl  # noqa: E402
from PySide6.QtGui import QDropEvent  # noqa: E402

from tests.ui_helpers import close_window, open_window, send_and_wait


def _views(window):
    return window.chat_page.view.views


def test_send_streams_a_reply_and_saves_it(qtbot, smollm2_path):
    window = open_window(qtbot)
    events = []
    window.reply_event.connect(lambda _conversation, event: events.append(event))
    send_and_wait(qtbot, window, "Say hello.")
    assert any(type(e).__name__ == "Token" for e in events)
    user, reply = _views(window)
    assert user.role == "user" and user.text() == "Say hello."
    assert reply.role == "assistant" and reply.text().strip()
    assert reply.item.message.status == "complete"
    footer = reply.footer.text()
    assert "llama.cpp" in footer and "tok/s" in footer and "first token" in footer
    assert window.engine_label.text().startswith("smollm2-135m-instruct · llama.cpp")
    assert "Weights load" in window.engine_label.toolTip()
    assert "llama.cpp in-process" in window.engine_label.toolTip()
    stored = window.services.store.thread(window.conversation.id)
    assert [m.role for m in stored] == ["user", "assistant"]
    assert stored[1].content == reply.text()
    qtbot.waitUntil(lambda: window.sidebar.titles() == ["Say hello."], timeout=30_000)
    close_window(window)


def test_keyboard_enter_sends_shift_enter_adds_a_line_up_recalls(qtbot, smollm2_path):
    window = open_window(qtbot)
    box = window.chat_page.input
    box.setFocus()
    qtbot.keyClicks(box, "First line")
    qtbot.keyClick(box, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(box, "second")
    assert box.toPlainText() == "First line\nsecond"
    with qtbot.waitSignal(window.reply_finished, timeout=120_000):
        qtbot.keyClick(box, Qt.Key.Key_Return)
    assert box.toPlainText() == ""
    qtbot.keyClick(box, Qt.Key.Key_Up)
    assert box.toPlainText() == "First line\nsecond"
    close_window(window)


def test_stop_keeps_the_partial_reply_marked_stopped(qtbot, smollm2_path):
    window = open_window(qtbot, max_tokens=400)
    stopped = []

    def stop_on_first_token(_conversation, event):
        if type(event).__name__ == "Token" and not stopped:
            stopped.append(True)
            window.escape()  # the Esc action

    window.reply_event.connect(stop_on_first_token)
    send_and_wait(qtbot, window, "Write a long story about a dragon.")
    reply = _views(window)[-1]
    assert reply.item.message.status == "cancelled"
    assert reply.item.message.end_reason == "user"
    assert reply.status_label.text() == "Stopped by you."
    assert (reply.item.message.completion_tokens or 0) < 400
    assert window.chat_page.send_button.isVisibleTo(window)
    close_window(window)


def test_regenerate_edit_and_branch_arrows(qtbot, smollm2_path):
    window = open_window(qtbot, temperature=0.9)
    send_and_wait(qtbot, window, "Name a colour.")
    first_reply = _views(window)[-1].item.message
    with qtbot.waitSignal(window.reply_finished, timeout=120_000):
        window.regenerate(first_reply)
    reply = _views(window)[-1]
    assert reply.item.message.id != first_reply.id
    assert (reply.item.branch_index, reply.item.branch_count) == (1, 2)
    assert reply.branch_label.text() == "2/2" and reply.previous_branch.isVisibleTo(window)
    with qtbot.waitSignal(window.thread_shown, timeout=30_000):
        reply.previous_branch.click()
    assert _views(window)[-1].item.message.id == first_reply.id
    assert _views(window)[-1].branch_label.text() == "1/2"

    user = _views(window)[0]
    user.edit_button.click()
    assert window.chat_page.edit_banner.isVisibleTo(window)
    assert window.chat_page.input.toPlainText() == "Name a colour."
    send_and_wait(qtbot, window, "Name an animal.")
    views = _views(window)
    assert views[0].text() == "Name an animal."
    assert views[0].branch_label.text() == "2/2"
    with qtbot.waitSignal(window.thread_shown, timeout=30_000):
        views[0].previous_branch.click()
    assert _views(window)[0].text() == "Name a colour."
    assert len(window.services.store.siblings(first_reply.id)) == 2
    close_window(window)


def test_switch_conversations_then_restart_finds_everything(qtbot, smollm2_path):
    window = open_window(qtbot)
    send_and_wait(qtbot, window, "First conversation.")
    first = window.conversation.id
    window.new_conversation()
    send_and_wait(qtbot, window, "Second conversation.")
    second = window.conversation.id
    assert first != second
    with qtbot.waitSignal(window.thread_shown, timeout=30_000):
        window.sidebar.list.setCurrentIndex(window.sidebar.model.index(
            window.sidebar.row_of(first), 0))
    assert window.conversation.id == first
    assert _views(window)[0].text() == "First conversation."
    window.resize(700, 520)
    close_window(window)

    again = open_window(qtbot)
    qtbot.waitUntil(lambda: again.conversation is not None and bool(_views(again)),
                    timeout=30_000)
    assert again.conversation.id == first
    assert _views(again)[0].text() == "First conversation."
    assert (again.width(), again.height()) == (700, 520)
    assert sorted(again.sidebar.titles()) == ["First conversation.", "Second conversation."]
    close_window(again)


def test_thousands_of_tokens_stream_through_the_window(qtbot, smollm2_path):
    """PySide6 6.12 on CPython 3.11 dropped None's refcount per Qt call and aborted."""
    window = open_window(qtbot, max_tokens=1000, temperature=0.8)
    count = [0]

    def counting(_conversation, event):
        if type(event).__name__ == "Token":
            count[0] += 1

    window.reply_event.connect(counting)
    none_refs = sys.getrefcount(None)
    prompts = ["Write a long story about a lighthouse keeper.",
               "Continue the story with many more details.",
               "Now tell it again from the sea's point of view.",
               "Write a long essay about the history of bread."]
    turns = 0
    while count[0] < 2000 and turns < 12:
        window.new_conversation()  # short prompts: the test is about the window, not context
        send_and_wait(qtbot, window, prompts[turns % len(prompts)], timeout=300_000)
        turns += 1
    assert count[0] >= 2000
    assert sys.getrefcount(None) > none_refs - 1000
    assert all(v.item is not None for v in _views(window))
    close_window(window)


def test_long_conversation_opens_with_one_page_of_widgets(qtbot, smollm2_path):
    from app.ui.chat_view import PAGE

    window = open_window(qtbot)
    store = window.services.store
    conversation = store.create("Long one")
    db = window.services.store_db
    with db.atomic():
        parent = None
        for n in range(3000):
            role = "user" if n % 2 == 0 else "assistant"
            cursor = db.execute(
                "INSERT INTO messages (conversation_id, parent_id, role, content, created_at) "
                "VALUES (?, ?, ?, ?, ?)", [conversation.id, parent, role, f"message {n}", n])
            parent = cursor.lastrowid
        db.execute("UPDATE conversations SET current_leaf_id = ? WHERE id = ?",
                   [parent, conversation.id])
    with qtbot.waitSignal(window.thread_shown, timeout=30_000):
        window.open_conversation(conversation.id)
    view = window.chat_page.view
    assert view.item_count == 3000
    assert len(view.views) == PAGE
    assert view.views[-1].text() == "message 2999"
    assert view.load_older() == PAGE
    assert len(view.views) == 2 * PAGE and view.views[0].text() == f"message {3000 - 2 * PAGE}"
    close_window(window)


def test_rename_search_and_delete_with_undo(qtbot, smollm2_path):
    window = open_window(qtbot)
    store = window.services.store
    keep, other = store.create("Tomatoes"), store.create("Potatoes")
    store.add_message(other.id, "user", "a question about basil")
    with qtbot.waitSignal(window.conversations_listed, timeout=30_000):
        window.refresh_conversations()
    with qtbot.waitSignal(window.conversations_listed, timeout=30_000):
        window.rename_conversation(keep.id, "Red tomatoes")
    assert "Red tomatoes" in window.sidebar.titles()
    with qtbot.waitSignal(window.conversations_listed, timeout=30_000):
        window.sidebar.search.setText("basil")
    assert window.sidebar.titles() == ["Potatoes"]
    with qtbot.waitSignal(window.conversations_listed, timeout=30_000):
        window.sidebar.search.clear()
    assert sorted(window.sidebar.titles()) == ["Potatoes", "Red tomatoes"]

    window.delete_conversation(keep.id)
    qtbot.waitUntil(lambda: "Red tomatoes" not in window.sidebar.titles(), timeout=30_000)
    assert "Deleted" in window.notice.text()
    with qtbot.waitSignal(window.conversations_listed, timeout=30_000):
        window.notice.action.click()  # Undo
    assert "Red tomatoes" in window.sidebar.titles()
    window.delete_conversation(keep.id)
    with qtbot.waitSignal(window.tasks.idle, timeout=30_000):
        window._delete_now(keep.id)  # what the undo timer does when it runs out
    assert [c.title for c in store.list()] == ["Potatoes"]
    close_window(window)


def test_a_model_that_cannot_load_says_what_to_do(qtbot, smollm2_path):
    window = open_window(qtbot)
    conversation = window.services.store.create(model="no-such-model")
    with qtbot.waitSignal(window.thread_shown, timeout=30_000):
        window.open_conversation(conversation.id)
    with qtbot.waitSignal(window.error_shown, timeout=60_000) as shown:
        window.send("Hello?")
    assert "There is no model called 'no-such-model'" in shown.args[0]
    assert window.notice.action.text() == "Import a GGUF file…"
    qtbot.waitUntil(lambda: window.cancel is None, timeout=30_000)
    assert window.chat_page.send_button.isVisibleTo(window)  # still usable
    close_window(window)


def test_dropping_gguf_files_imports_good_ones_and_explains_bad_ones(qtbot, smollm2_path,
                                                                   tmp_path):
    window = open_window(qtbot)
    bad = tmp_path / "notes.gguf"
    bad.write_text("this is not a model")
    for path, expect_model in ((smollm2_path, True), (bad, False)):
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(path))])
        event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                           Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
        with qtbot.waitSignal(window.import_finished, timeout=120_000) as result:
            window.dropEvent(event)
        if expect_model:
            assert result.args[0].name == smollm2_path.stem.lower()
            assert "is ready to use" in window.notice.text()
        else:
            assert isinstance(result.args[0], Exception)
            assert window.notice.property("kind") == "error" and window.notice.text()
    qtbot.waitUntil(lambda: smollm2_path.stem.lower() in window.models, timeout=30_000)
    close_window(window)


def test_conversation_settings_reach_the_model(qtbot, smollm2_path):
    from app.services.conversation_settings import defaults_for, overrides_from

    window = open_window(qtbot)
    send_and_wait(qtbot, window, "Hi.")
    defaults = defaults_for(window.services.settings,
                            window.services.library.get("smollm2-135m-instruct"))
    assert defaults["context_length"] <= 8192
    overrides = overrides_from({**defaults, "system_prompt": "Answer in French.",
                                "temperature": 0.2, "seed": 7}, defaults)
    assert overrides == {"system_prompt": "Answer in French.", "temperature": 0.2, "seed": 7}
    window.services.store.set_settings(window.conversation.id, overrides)
    sampling = window.services.chat.sampling_for(window.services.chat.get(window.conversation.id))
    assert (sampling.temperature, sampling.seed) == (0.2, 7)
    messages = window.services.chat.engine_messages(window.conversation.id,
                                                    _views(window)[-1].item.message.id)
    assert messages[0].role == "system" and messages[0].content == "Answer in French."
    close_window(window)


def test_performance_view_plots_the_measurements(qtbot, smollm2_path):
    window = open_window(qtbot)
    send_and_wait(qtbot, window, "Hello.")
    send_and_wait(qtbot, window, "Again.")
    with qtbot.waitSignal(window.tasks.idle, timeout=30_000):
        window.show_page("performance")
    view = window.performance
    assert [s.name for s in view.load_chart.series] == ["smollm2-135m-instruct · llama.cpp"]
    assert len(view.speed_chart.series[0].points) == 2
    assert "tokens/s" in view.speed_chart.summary()
    image = view.speed_chart.grab().toImage()
    colours = {image.pixel(x, y) for x in range(0, image.width(), 4)
               for y in range(0, image.height(), 4)}
    assert len(colours) > 3  # axes, text and the series were drawn
    close_window(window)


def test_chinese_translation_is_shipped(qapp):
    from PySide6.QtCore import QCoreApplication

    from app.ui.appearance import install_translators

    translators = install_translators(qapp, "zh_CN")
    try:
        assert translators, "resources/translations/hearth_zh_CN.qm did not load"
        assert QCoreApplication.translate("Sidebar", "New chat") == "新对话"
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)
