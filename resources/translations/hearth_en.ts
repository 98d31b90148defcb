<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>ChatPage</name>
    <message>
        <location filename="../../app/ui/chat_view.py" line="327"/>
        <source>Ask anything. This conversation stays on this computer.</source>
        <extracomment>the collections the conversation should consult (names)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="341"/>
        <source>New conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="349"/>
        <source>Model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="351"/>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="352"/>
        <source>The model this conversation talks to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="356"/>
        <source>Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="357"/>
        <source>System prompt, temperature and other settings of this conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="359"/>
        <source>Conversation settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="377"/>
        <source>Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="378"/>
        <source>Send message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="380"/>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="381"/>
        <source>Stop the reply (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="382"/>
        <source>Stop the reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="422"/>
        <source>Editing a message: Enter sends it as a new branch, Esc cancels.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChatView</name>
    <message>
        <location filename="../../app/ui/chat_view.py" line="51"/>
        <source>Conversation</source>
        <extracomment>messages given widgets at a time widest the Knowledge button&apos;s text gets, in pixels (longer lists are elided)</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConversationSettingsDialog</name>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="266"/>
        <source>Conversation settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="270"/>
        <source>For example: You are a concise assistant.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="271"/>
        <source>System prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="273"/>
        <source>&amp;System prompt:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="275"/>
        <source>Temperature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="275"/>
        <source>Te&amp;mperature:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="276"/>
        <source>Top-p</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="276"/>
        <source>Top-&amp;p:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="277"/>
        <source>Maximum reply length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="277"/>
        <source>Max&amp;imum reply tokens:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="278"/>
        <source>Context length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="278"/>
        <source>&amp;Context length:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="280"/>
        <source>Use a fixed seed (same answer every time)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="279"/>
        <source>Seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="279"/>
        <source>S&amp;eed:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="289"/>
        <source>Reset to defaults</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EnginesPage</name>
    <message>
        <location filename="../../app/ui/engines_page.py" line="69"/>
        <location filename="../../app/ui/engines_page.py" line="82"/>
        <source>Engines</source>
        <extracomment>the column of the &quot;Use&quot; buttons (shown first) the column of the &quot;Use an existing environment…&quot; buttons (last) the key of the &quot;Automatic&quot; row in :attr:`EnginesPage.use_buttons` the chat now runs on another engine (argument: its LoadReport) a switch failed (argument: the message; the previous engine is kept) an environment was checked and is now used (argument: its EnvCheck) an environment was refused, or forgotten (argument: the sentence shown) the Runtime the chat runs on, or a callable that returns the current one (the scheduler may hand the chat to another Runtime when the model changes) each row&apos;s Use button and the targets it offers engine -&gt; its &quot;Use an existing environment…&quot; button</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="71"/>
        <source>This computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="74"/>
        <source>Engine in use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="77"/>
        <source>Engine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="77"/>
        <source>Found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="77"/>
        <source>Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="78"/>
        <source>Where</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="78"/>
        <source>Usable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="78"/>
        <source>Why</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="79"/>
        <location filename="../../app/ui/engines_page.py" line="149"/>
        <location filename="../../app/ui/engines_page.py" line="230"/>
        <source>Use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="85"/>
        <source>Engine environment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="89"/>
        <source>Check again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="114"/>
        <location filename="../../app/ui/engines_page.py" line="138"/>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="114"/>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="134"/>
        <source>Hearth chooses for each model: Ollama for models from its store when the daemon runs, a %1 worker when the engine is installed and the machine can carry the model, else llama.cpp in-process</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="138"/>
        <source>Automatic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="142"/>
        <source>Use the automatic choice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="150"/>
        <source>Use %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="168"/>
        <source>Choosing an engine…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="169"/>
        <source>Starting %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="207"/>
        <location filename="../../app/ui/engines_page.py" line="223"/>
        <source>In use: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="213"/>
        <source>%1 (chosen automatically)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="217"/>
        <source>the automatic choice (Hearth picks the engine when a model loads)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="218"/>
        <source>%1 (starts with the next chat)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="225"/>
        <source>In use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="227"/>
        <source>Running: %1 · Use…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="229"/>
        <source>Running · Use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="230"/>
        <source>Use…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="237"/>
        <source>Use an existing environment…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="239"/>
        <source>Use an existing environment for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="241"/>
        <source>Choose its folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="242"/>
        <source>Choose its Python executable…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="245"/>
        <source>Forget this environment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="254"/>
        <source>The folder of a Python environment with %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="262"/>
        <source>The Python of an environment with %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="270"/>
        <source>Checking %1 for %2…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="285"/>
        <source>%1 %2 in %3 is used from now on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="288"/>
        <source>It is the CPU build: it runs on the CPU, slowly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="302"/>
        <source>Hearth looks for %1 in its own place again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="310"/>
        <source>%1 (%2 cores)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="313"/>
        <source>%1 GB RAM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="316"/>
        <source>GPU: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="316"/>
        <source>none found</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InputBox</name>
    <message>
        <location filename="../../app/ui/chat_view.py" line="198"/>
        <source>Message Hearth — Enter to send, Shift+Enter for a new line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="199"/>
        <source>Message input</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>KnowledgeButton</name>
    <message>
        <location filename="../../app/ui/chat_view.py" line="260"/>
        <source>Knowledge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="271"/>
        <source>No documents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="272"/>
        <source>Knowledge: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="291"/>
        <source>No collections yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="294"/>
        <source>Add documents on the Knowledge base page…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>KnowledgePage</name>
    <message>
        <location filename="../../app/ui/kb_page.py" line="81"/>
        <source>Knowledge base</source>
        <extracomment>collections and documents were (re)shown an indexing run ended (the last IngestProgress, or the exception) the folder watcher reported (a WatchReport; emitted from the watcher&apos;s thread, delivered on the GUI thread) what the watcher last said about each watched folder (path -&gt; state text)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="82"/>
        <source>Drop documents or folders here (PDF, Word, HTML, Markdown, text, source code), or add them with the buttons.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="104"/>
        <source>Collections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="108"/>
        <source>New collection…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="109"/>
        <source>Delete…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="111"/>
        <location filename="../../app/ui/kb_page.py" line="406"/>
        <source>Delete collection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="112"/>
        <source>Delete the chosen collection from the knowledge base</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="122"/>
        <source>Document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="122"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="123"/>
        <source>Chunks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="123"/>
        <source>Pages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="123"/>
        <source>Problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="125"/>
        <source>Documents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="130"/>
        <source>Remove…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="131"/>
        <location filename="../../app/ui/kb_page.py" line="444"/>
        <source>Remove documents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="132"/>
        <source>Remove the selected documents from the collection (the files are not touched)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="135"/>
        <source>Add files…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="136"/>
        <source>Add folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="146"/>
        <source>Watched folders (changes are re-indexed while Hearth runs)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="149"/>
        <source>Watched folders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="155"/>
        <source>Watch a folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="157"/>
        <location filename="../../app/ui/kb_page.py" line="486"/>
        <source>Stop watching</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="164"/>
        <source>Indexing progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="168"/>
        <source>Indexing status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="170"/>
        <location filename="../../app/ui/kb_page.py" line="320"/>
        <location filename="../../app/ui/kb_page.py" line="365"/>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="172"/>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="201"/>
        <source>%1 (%2 documents)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="225"/>
        <source>starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="242"/>
        <source>waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="242"/>
        <source>indexed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="243"/>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="258"/>
        <source>New collection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="258"/>
        <source>Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="277"/>
        <source>Add documents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="278"/>
        <source>Documents (%1);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="283"/>
        <source>Add a folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="321"/>
        <source>Preparing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="343"/>
        <source>Waiting for the indexing under way to finish…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="344"/>
        <source>%1 of %2 files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="346"/>
        <source>%1 chunks/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="348"/>
        <source>%1 s left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="350"/>
        <location filename="../../app/ui/kb_page.py" line="532"/>
        <source>%1 failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="352"/>
        <source>Paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="354"/>
        <source>Stopped; the rest is indexed next time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="356"/>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="368"/>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="369"/>
        <source>Pausing after the current step…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="398"/>
        <source>Delete the collection %1 and its %2 documents from the knowledge base? The files themselves are not touched.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="402"/>
        <source>%1 conversations search it; they will stop searching it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="405"/>
        <source>Its watched folders are no longer watched.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="415"/>
        <source>Collection %1 deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="437"/>
        <source>Remove %1 document(s) from %2 (%3)? The files themselves are not touched.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="442"/>
        <source>A file in a watched folder comes back when it changes; stop watching the folder to keep it out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="453"/>
        <source>%1 document(s) removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="462"/>
        <source>Watch a folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="472"/>
        <source>scanning…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="487"/>
        <source>Stop watching %1? Its documents stay in the collection; remove them with Remove… if you no longer want them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="507"/>
        <source>watching</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="508"/>
        <source>folder not found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="508"/>
        <source>problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="513"/>
        <source>Watched folder: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="528"/>
        <source>re-indexed %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="530"/>
        <source>removed %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="535"/>
        <source>Watched folder %1: </source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LineChart</name>
    <message>
        <location filename="../../app/ui/performance_view.py" line="78"/>
        <source>No measurements yet: load a model and chat.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/performance_view.py" line="115"/>
        <source>older → newer</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LoadBanner</name>
    <message>
        <location filename="../../app/ui/chat_view.py" line="225"/>
        <source>Model loading</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="236"/>
        <source>Loading %1 with %2 …</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/ui/main_window.py" line="69"/>
        <source>%1 · %2 (%3) · ready in %4 s</source>
        <extracomment>how long a deleted conversation can be brought back</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="72"/>
        <source>File check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="73"/>
        <source>Process start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="74"/>
        <source>Weights load</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="75"/>
        <source>Warm-up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="76"/>
        <source>Ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="79"/>
        <source>Memory: %1 MB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="133"/>
        <source>Hearth</source>
        <extracomment>a reply ended (argument: its conversation); when that conversation is on screen, the thread shows the saved messages by then every event of every reply (conversation id, event), for tests and benches no reply is in flight any more the chat header&apos;s knowledge selector shows the conversation&apos;s collections the thread on screen was (re)loaded from the store a model finished loading (argument: LoadReport) something failed and the window says so (argument: the message shown) replies in flight, by conversation (on screen or not) the unsaved new chat on screen (an identity), None when a conversation is drafts whose conversation is being created for their first message collections the user chose for the draft (None: the setting&apos;s default) conversations whose reply ended, announced once their thread is shown counts changes of the thread on screen (a deferred widget checks it) tokens shown since the window opened (benchmarks and tests read it)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="161"/>
        <source>Chats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="162"/>
        <source>Performance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="165"/>
        <source>No model loaded · %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="166"/>
        <source>automatic engine choice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="167"/>
        <source>Engine and model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="197"/>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="198"/>
        <source>&amp;New chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="199"/>
        <source>&amp;Import a GGUF file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="200"/>
        <source>&amp;Close chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="202"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="203"/>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="204"/>
        <source>&amp;Find conversations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="205"/>
        <source>Re&amp;name chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="207"/>
        <source>&amp;Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="209"/>
        <source>&amp;Chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="210"/>
        <source>&amp;Stop reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="211"/>
        <source>&amp;Regenerate last reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="212"/>
        <source>Conversation se&amp;ttings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="213"/>
        <source>&amp;Focus the message box</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="214"/>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="215"/>
        <source>&amp;Chats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="216"/>
        <source>&amp;Performance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="218"/>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="219"/>
        <source>&amp;About Hearth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="354"/>
        <location filename="../../app/ui/main_window.py" line="385"/>
        <source>New conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="429"/>
        <source>Deleted “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="429"/>
        <source>Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="476"/>
        <source>The documents this chat consults; a new chat starts with the last chat&apos;s (Settings › New conversations consult).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="478"/>
        <source>The documents this chat consults; a new chat starts with none (Settings › New conversations consult).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="655"/>
        <source>Waiting for another reply to finish…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="684"/>
        <location filename="../../app/ui/main_window.py" line="694"/>
        <source>Import a GGUF file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="718"/>
        <source>Stopping…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="747"/>
        <source>Copied to the clipboard.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="822"/>
        <source>Unloaded after %1 idle minutes (Settings).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="823"/>
        <source>Kept loaded while Hearth runs (Settings).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="831"/>
        <source>Import a GGUF model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="832"/>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="845"/>
        <source>Checking %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="850"/>
        <source>%1 is ready to use.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="851"/>
        <source>Chat with it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="884"/>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="897"/>
        <source>The new language applies the next time Hearth starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="903"/>
        <source>Send a first message, then adjust this conversation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="955"/>
        <source>About Hearth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="956"/>
        <source>Hearth runs language models on your own computer. Conversations are kept in one database on this computer and never leave it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="16"/>
        <source>Models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="21"/>
        <source>Knowledge base</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="28"/>
        <source>Engines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="34"/>
        <source>Server</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MessageView</name>
    <message>
        <location filename="../../app/ui/message_view.py" line="77"/>
        <source>first token %1 s</source>
        <extracomment>how often a streaming reply is repainted (tokens arriving in between are batched)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="79"/>
        <source>%1 tok/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="81"/>
        <source>%1 of %2 prompt tokens from cache</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="123"/>
        <source>Message text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="138"/>
        <source>You</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="138"/>
        <source>Assistant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="141"/>
        <source>Previous version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="144"/>
        <source>Next version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="155"/>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="155"/>
        <source>Copy this message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="157"/>
        <source>Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="157"/>
        <source>Edit and send again as a new branch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="159"/>
        <source>Regenerate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="160"/>
        <source>Write a new reply beside this one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="162"/>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="162"/>
        <source>Delete this message and its replies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="212"/>
        <source>Sources:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="217"/>
        <source>Open %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="218"/>
        <source>Open source %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="279"/>
        <source>Writing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="313"/>
        <source>Stopped by you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="315"/>
        <source>Length limit reached — raise the maximum reply length in the conversation&apos;s settings for longer replies.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="318"/>
        <source>Hearth was closed before this reply finished.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="320"/>
        <source>Engine error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="322"/>
        <source>Stopped before the end.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ModelsPage</name>
    <message>
        <location filename="../../app/ui/models_page.py" line="116"/>
        <location filename="../../app/ui/models_page.py" line="121"/>
        <source>Installed models</source>
        <extracomment>the installed list was (re)shown the catalog was shown a model was added or removed (the window refreshes its model pickers) the Import button was pressed (the window asks for the file and imports it) a download ended (LibraryModel or the exception) a download reported progress or a step (DownloadProgress or DownloadStatus)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="118"/>
        <location filename="../../app/ui/models_page.py" line="139"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="118"/>
        <location filename="../../app/ui/models_page.py" line="140"/>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="118"/>
        <source>Format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="119"/>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="119"/>
        <location filename="../../app/ui/models_page.py" line="140"/>
        <source>Fit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="119"/>
        <source>Last used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="126"/>
        <source>Disk used by models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="128"/>
        <source>Import GGUF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="129"/>
        <source>Show in file manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="130"/>
        <source>Delete…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="137"/>
        <location filename="../../app/ui/models_page.py" line="143"/>
        <source>Model catalog</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="139"/>
        <source>Description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="141"/>
        <source>License</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="148"/>
        <source>Download progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="152"/>
        <source>Download status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="159"/>
        <source>Cancel download</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="140"/>
        <location filename="../../app/ui/models_page.py" line="161"/>
        <location filename="../../app/ui/models_page.py" line="253"/>
        <source>Download</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="157"/>
        <location filename="../../app/ui/models_page.py" line="410"/>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="164"/>
        <source>Download error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="206"/>
        <source>The file is missing: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="212"/>
        <source>Disk used: %1 (%2 in Hearth&apos;s folder, %3 linked)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="220"/>
        <source>built in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="220"/>
        <source>imported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="221"/>
        <source>Ollama</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="225"/>
        <source>HF folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="228"/>
        <source>fits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="228"/>
        <source>tight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="229"/>
        <source>too large</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="229"/>
        <source>needs a GPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="234"/>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="252"/>
        <source>Resume download</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="266"/>
        <source>Delete %1? Its file (%2) is deleted from Hearth&apos;s folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="268"/>
        <source>Remove %1 from the library? Its file (%2) stays where it is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="270"/>
        <source>Delete model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="280"/>
        <source>%1 deleted; %2 freed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="437"/>
        <source>%1 is ready to use.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="328"/>
        <source>Catalog entry: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="334"/>
        <source>paused at %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="355"/>
        <source>Connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="382"/>
        <source>Paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="384"/>
        <source>Paused at %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="386"/>
        <source>Paused at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="392"/>
        <source>%1/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="394"/>
        <source>%1 left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="403"/>
        <source>Resuming…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="406"/>
        <source>Pausing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="410"/>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="455"/>
        <location filename="../../app/ui/models_page.py" line="456"/>
        <source>Download failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="417"/>
        <source>Cancelling…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NoticeBar</name>
    <message>
        <location filename="../../app/ui/notice.py" line="19"/>
        <source>Notice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/notice.py" line="24"/>
        <location filename="../../app/ui/notice.py" line="25"/>
        <source>Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PerformanceView</name>
    <message>
        <location filename="../../app/ui/performance_view.py" line="141"/>
        <source>Performance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/performance_view.py" line="143"/>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/performance_view.py" line="148"/>
        <source>Every model load and every reply is timed. Lower is better for load time and time to first token; higher is better for tokens per second.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/performance_view.py" line="151"/>
        <source>Model ready after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/performance_view.py" line="151"/>
        <location filename="../../app/ui/performance_view.py" line="152"/>
        <source>s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/performance_view.py" line="152"/>
        <source>Time to first token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/performance_view.py" line="153"/>
        <source>Speed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/performance_view.py" line="153"/>
        <source>tokens/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/performance_view.py" line="166"/>
        <source>%1 loads and %2 replies measured.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/performance_view.py" line="170"/>
        <source>Median %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReplyRenderer</name>
    <message>
        <location filename="../../app/ui/markdown_render.py" line="104"/>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ServerPage</name>
    <message>
        <location filename="../../app/ui/server_page.py" line="275"/>
        <source>Server</source>
        <extracomment>rows the requests table keeps (the log itself keeps the last 200) how often the loaded models and their queues are read while the page is on screen what the snippets send when the server needs no key (the openai client wants one) below this width the address and key boxes stand one above the other the key as the page shows it while hidden the keyring could not be read (the server runs without a key, on this computer only) the server listens (argument: its address, with the real port) the server stopped it could not start (argument: the sentence shown) new server settings to use and save (argument: the whole Settings); the window applies and saves them as it does the settings dialog&apos;s the key was read, made or removed (the key field and snippets show it) a request the server answered is in the table (argument: its RequestRecord) the loaded models table was refreshed from the server&apos;s threads to the GUI thread the key the server requires (None: none); known once read from the keyring the key could not be kept in the keyring: it lasts this session only what the keyring said when it failed (shown under the key)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="277"/>
        <source>Other programs on this computer can use Hearth&apos;s models through an OpenAI- or Anthropic-compatible API. They share the models and the queue with your chats.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="286"/>
        <location filename="../../app/ui/server_page.py" line="417"/>
        <source>Last requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="287"/>
        <location filename="../../app/ui/server_page.py" line="433"/>
        <source>Loaded models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="288"/>
        <source>Connect a program</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="316"/>
        <location filename="../../app/ui/server_page.py" line="539"/>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="317"/>
        <source>Start or stop the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="324"/>
        <source>Server address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="330"/>
        <source>Server status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="333"/>
        <source>Copy address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="339"/>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="343"/>
        <source>Host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="344"/>
        <source>127.0.0.1: this computer only. Any other address lets other computers connect and needs a key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="348"/>
        <source>&amp;Host:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="350"/>
        <source>any free port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="351"/>
        <source>Port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="353"/>
        <source>&amp;Port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="355"/>
        <source>None (web pages cannot call it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="356"/>
        <source>Web pages whose scripts may call the API from a browser, separated by commas, such as http://localhost:5173</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="359"/>
        <source>Allowed web origins</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="361"/>
        <source>&amp;Web origins:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="362"/>
        <source>Start with the window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="366"/>
        <source>Stop the server to change where it listens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="370"/>
        <source>Address problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="376"/>
        <location filename="../../app/ui/server_page.py" line="380"/>
        <source>API key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="381"/>
        <source>No key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="384"/>
        <location filename="../../app/ui/server_page.py" line="773"/>
        <source>Show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="385"/>
        <source>Show the key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="388"/>
        <location filename="../../app/ui/server_page.py" line="451"/>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="389"/>
        <source>Copy the key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="393"/>
        <source>New key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="394"/>
        <source>Make a new random key and keep it in the OS keyring; the old one stops working</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="398"/>
        <source>Remove key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="399"/>
        <source>Serve without a key (this computer only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="404"/>
        <source>Key status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="414"/>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="414"/>
        <source>Method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="414"/>
        <source>Path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="414"/>
        <location filename="../../app/ui/server_page.py" line="430"/>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="415"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="415"/>
        <source>Duration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="415"/>
        <source>First token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="416"/>
        <source>Tokens in → out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="416"/>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="421"/>
        <source>No requests yet. Start the server, then point a program at the address above (&quot;Connect a program&quot; shows how).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="430"/>
        <source>Engine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="431"/>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="431"/>
        <source>Waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="432"/>
        <source>Idle for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="437"/>
        <source>No model is loaded. The first request (or chat) loads the model it names.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="447"/>
        <source>curl</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="447"/>
        <source>Python (openai)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="452"/>
        <source>Copy the %1 snippet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="521"/>
        <source>%1 (the port is chosen when it starts)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="539"/>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="548"/>
        <source>Listening. Programs on this computer can connect with OpenAI and Anthropic clients.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="551"/>
        <source>Listening. Other computers can connect too, with the key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="554"/>
        <source>Stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="568"/>
        <source>Anthropic clients (the anthropic package, Claude tools) take the address without /v1: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="597"/>
        <source>Starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="598"/>
        <source>Starting on %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="628"/>
        <location filename="../../app/ui/server_page.py" line="629"/>
        <source>Stopping…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="673"/>
        <source>Enter the address to listen on, such as 127.0.0.1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="697"/>
        <source>Reading the OS keyring…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="758"/>
        <source>This key lasts until Hearth closes: it could not be kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="760"/>
        <source>Clients must send this key (Authorization: Bearer, or x-api-key). It is kept in the OS keyring.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="763"/>
        <source>No key. Listening on %1 lets other computers connect, so it needs one: press New key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="766"/>
        <source>No key: only programs on this computer can connect (listen on 127.0.0.1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="773"/>
        <source>Hide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="779"/>
        <source>Copied.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="789"/>
        <source>busy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="789"/>
        <source>idle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="790"/>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="126"/>
        <source>Hearth settings</source>
        <extracomment>the sampling rows, in order (their bounds and tooltips come from ``Sampling``)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="130"/>
        <location filename="../../app/ui/settings_dialog.py" line="137"/>
        <source>Follow the system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="134"/>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="135"/>
        <source>&amp;Language:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="137"/>
        <source>Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="138"/>
        <source>Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="141"/>
        <source>Theme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="142"/>
        <source>&amp;Theme:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="146"/>
        <source>Default model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="147"/>
        <source>Default &amp;model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="149"/>
        <source>Temperature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="149"/>
        <source>Te&amp;mperature:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="150"/>
        <source>Top-p</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="150"/>
        <source>Top-&amp;p:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="151"/>
        <source>Maximum reply length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="151"/>
        <source>Max&amp;imum reply tokens:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="152"/>
        <source>Context length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="152"/>
        <source>&amp;Context length:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="155"/>
        <source>CPU threads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="156"/>
        <source>automatic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="158"/>
        <source>CPU t&amp;hreads:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="163"/>
        <source>A new language applies the next time Hearth starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="176"/>
        <source>Use the system&apos;s proxy settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="177"/>
        <source>No proxy (connect directly)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="178"/>
        <source>Manual proxy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="181"/>
        <source>Proxy for downloads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="182"/>
        <source>Download &amp;proxy:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="185"/>
        <source>Proxy address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="186"/>
        <source>Proxy &amp;address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="198"/>
        <source>Unload idle models after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="199"/>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="200"/>
        <source> min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="202"/>
        <source>&amp;Unload a model after it has been idle (minutes):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="204"/>
        <source>Replies that may wait</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="206"/>
        <source>Replies that may &amp;wait:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="208"/>
        <source>The last conversation&apos;s collections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="209"/>
        <source>No collections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="213"/>
        <source>New conversations consult</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="215"/>
        <source>Which documents a new chat searches before you choose in its Knowledge menu.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="216"/>
        <source>New conversations &amp;consult:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="228"/>
        <source>Type the proxy&apos;s address, e.g. http://proxy.example.com:8080 or socks5://127.0.0.1:1080.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Sidebar</name>
    <message>
        <location filename="../../app/ui/sidebar.py" line="39"/>
        <location filename="../../app/ui/sidebar.py" line="41"/>
        <source>New chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sidebar.py" line="40"/>
        <source>Start a new conversation (Ctrl+N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sidebar.py" line="44"/>
        <location filename="../../app/ui/sidebar.py" line="46"/>
        <source>Search conversations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sidebar.py" line="54"/>
        <source>Conversations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sidebar.py" line="93"/>
        <source>New conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sidebar.py" line="99"/>
        <source>%1 (writing a reply)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sidebar.py" line="150"/>
        <source>Rename</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/sidebar.py" line="152"/>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <location filename="../../app/ui/welcome.py" line="22"/>
        <source>Welcome to Hearth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome.py" line="30"/>
        <source>Import a GGUF file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome.py" line="31"/>
        <source>Use a .gguf model file from this computer. You can also drop it onto the window.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome.py" line="34"/>
        <source>Browse the model catalog…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome.py" line="41"/>
        <source>Tip: drop a .gguf file anywhere on this window to import it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome.py" line="51"/>
        <source>Start chatting with %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome.py" line="53"/>
        <source>Chat with language models on your own computer. Nothing you type leaves it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome.py" line="57"/>
        <source>No model is installed yet. Import a GGUF model file to begin.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
