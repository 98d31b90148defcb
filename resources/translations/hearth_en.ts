<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AddServerDialog</name>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="115"/>
        <source>Add an MCP server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="119"/>
        <source>Command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="120"/>
        <source>URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="121"/>
        <source>mcp.json snippet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="129"/>
        <source>Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="138"/>
        <source>weather</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="139"/>
        <source>npx, uvx, python…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="140"/>
        <source>-y @modelcontextprotocol/server-filesystem ~/Documents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="141"/>
        <location filename="../../app/ui/mcp_page.py" line="151"/>
        <source>Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="142"/>
        <source>Command:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="143"/>
        <source>Arguments:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="149"/>
        <source>remote-tools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="152"/>
        <source>Address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="153"/>
        <source>A Streamable HTTP server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="160"/>
        <source>Paste servers as they appear in an mcp.json file (LM Studio, Cursor):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="177"/>
        <source>Give the server a name.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChatPage</name>
    <message>
        <location filename="../../app/ui/chat_view.py" line="513"/>
        <source>Ask anything. This conversation stays on this computer.</source>
        <extracomment>the collections the conversation should consult (names) the MCP servers the conversation may call (names) the user asked to change the conversation&apos;s structured output an image was read and checked (argument: the ``Attached``) or refused (the exception); tests and screenshots wait on it the full-size view of an image opened (argument: the ImageViewer) the window&apos;s task runner (None: a page on its own reads images on the spot) images being read and checked, and what the finished ones had to say ((sentence, is_error) pairs, shown together until the next batch)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="527"/>
        <source>New conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="540"/>
        <source>Structured output: what every reply of this conversation must look like (free text, JSON, a JSON schema or a grammar)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="543"/>
        <source>Structured output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="548"/>
        <source>Free text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="549"/>
        <source>Model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="552"/>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="553"/>
        <source>The model this conversation talks to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="557"/>
        <source>Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="558"/>
        <source>System prompt, temperature and other settings of this conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="560"/>
        <source>Conversation settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="573"/>
        <source>Attached images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="589"/>
        <source>Image…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="590"/>
        <source>Attach images to the message (you can also paste them or drop them here)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="592"/>
        <location filename="../../app/ui/chat_view.py" line="634"/>
        <source>Attach images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="595"/>
        <source>Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="596"/>
        <source>Send message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="598"/>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="599"/>
        <source>Stop the reply (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="600"/>
        <source>Stop the reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="635"/>
        <source>Images (*.png *.jpg *.jpeg *.webp *.gif *.bmp *.tif *.tiff);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="647"/>
        <source>The pasted image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="654"/>
        <source>Reading the image…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="759"/>
        <source>Output: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="766"/>
        <source>Editing a message: Enter sends it as a new branch, Esc cancels.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChatView</name>
    <message>
        <location filename="../../app/ui/chat_view.py" line="66"/>
        <source>Conversation</source>
        <extracomment>messages given widgets at a time widest the Knowledge button&apos;s text gets, in pixels (longer lists are elided) a message&apos;s image was clicked (argument: its ImagePart)</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConversationSettingsDialog</name>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="290"/>
        <source>Conversation settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="294"/>
        <source>For example: You are a concise assistant.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="295"/>
        <source>System prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="297"/>
        <source>&amp;System prompt:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="299"/>
        <source>Temperature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="299"/>
        <source>Te&amp;mperature:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="300"/>
        <source>Top-p</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="300"/>
        <source>Top-&amp;p:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="301"/>
        <source>Maximum reply length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="301"/>
        <source>Max&amp;imum reply tokens:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="302"/>
        <source>Context length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="302"/>
        <source>&amp;Context length:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="304"/>
        <source>Use a fixed seed (same answer every time)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="303"/>
        <source>Seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="303"/>
        <source>S&amp;eed:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="313"/>
        <source>Reset to defaults</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EnginesPage</name>
    <message>
        <location filename="../../app/ui/engines_page.py" line="73"/>
        <location filename="../../app/ui/engines_page.py" line="90"/>
        <source>Engines</source>
        <extracomment>the column of the &quot;Use&quot; buttons (shown first) the column of each engine&apos;s reason (it takes the width left, and wraps) the column of the &quot;Use an existing environment…&quot; buttons (last) the key of the &quot;Automatic&quot; row in :attr:`EnginesPage.use_buttons` the chat now runs on another engine (argument: its LoadReport) a switch failed (argument: the message; the previous engine is kept) an environment was checked and is now used (argument: its EnvCheck) an environment was refused, or forgotten (argument: the sentence shown) the Runtime the chat runs on, or a callable that returns the current one (the scheduler may hand the chat to another Runtime when the model changes) each row&apos;s Use button and the targets it offers engine -&gt; its &quot;Use an existing environment…&quot; button</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="75"/>
        <source>This computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="78"/>
        <source>Engine in use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="81"/>
        <source>Engine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="81"/>
        <source>Found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="81"/>
        <source>Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="82"/>
        <source>Where</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="82"/>
        <source>Usable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="82"/>
        <source>Why</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="83"/>
        <location filename="../../app/ui/engines_page.py" line="176"/>
        <location filename="../../app/ui/engines_page.py" line="260"/>
        <source>Use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="93"/>
        <source>Engine environment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="97"/>
        <source>Check again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="136"/>
        <location filename="../../app/ui/engines_page.py" line="165"/>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="136"/>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="161"/>
        <source>Hearth chooses for each model: Ollama for models from its store when the daemon runs, a %1 worker when the engine is installed and the machine can carry the model, else llama.cpp in-process</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="165"/>
        <source>Automatic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="169"/>
        <source>Use the automatic choice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="177"/>
        <source>Use %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="195"/>
        <source>Choosing an engine…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="196"/>
        <source>Starting %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="228"/>
        <source>Hearth chose this engine automatically for the model running now. Click to use it for every model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="237"/>
        <location filename="../../app/ui/engines_page.py" line="253"/>
        <source>In use: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="243"/>
        <source>%1 (chosen automatically)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="247"/>
        <source>the automatic choice (Hearth picks the engine when a model loads)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="248"/>
        <source>%1 (starts with the next chat)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="255"/>
        <source>In use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="257"/>
        <source>Running now: %1 · Always use…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="259"/>
        <source>Running now · Always use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="260"/>
        <source>Use…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="267"/>
        <source>Use an existing environment…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="269"/>
        <source>Use an existing environment for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="271"/>
        <source>Choose its folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="272"/>
        <source>Choose its Python executable…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="275"/>
        <source>Forget this environment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="284"/>
        <source>The folder of a Python environment with %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="292"/>
        <source>The Python of an environment with %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="300"/>
        <source>Checking %1 for %2…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="315"/>
        <source>%1 %2 in %3 is used from now on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="318"/>
        <source>It is the CPU build: it runs on the CPU, slowly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="332"/>
        <source>Hearth looks for %1 in its own place again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="340"/>
        <source>%1 (%2 cores)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="343"/>
        <source>%1 GB RAM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="346"/>
        <source>GPU: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="346"/>
        <source>none found</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ImageThumb</name>
    <message>
        <location filename="../../app/ui/image_strip.py" line="147"/>
        <source>Click to view full size</source>
        <extracomment>the longest side of a thumbnail, in pixels thumbnails kept in memory (about 80 KB each); the oldest go first file name endings the window treats as images (a drop or a copied file); the core checks the bytes whatever the name says a thumbnail is ready (argument: its key)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/image_strip.py" line="149"/>
        <source>Image %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/image_strip.py" line="154"/>
        <location filename="../../app/ui/image_strip.py" line="155"/>
        <source>Remove this image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/image_strip.py" line="170"/>
        <source>This image&apos;s file is missing.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ImageViewer</name>
    <message>
        <location filename="../../app/ui/image_strip.py" line="273"/>
        <source>Image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/image_strip.py" line="274"/>
        <source>Image, full size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/image_strip.py" line="278"/>
        <source>Opening the image…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/image_strip.py" line="305"/>
        <source>This image could not be opened: its file is missing or damaged.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InputBox</name>
    <message>
        <location filename="../../app/ui/chat_view.py" line="281"/>
        <source>Message Hearth — Enter to send, Shift+Enter for a new line</source>
        <extracomment>seconds each reply&apos;s images took, by message id (see :func:`image_times`) replies that are JSON show formatted (the conversation asks for JSON)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="282"/>
        <source>Message input</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>KnowledgeButton</name>
    <message>
        <location filename="../../app/ui/chat_view.py" line="363"/>
        <source>Knowledge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="374"/>
        <source>No documents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="375"/>
        <source>Knowledge: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="394"/>
        <source>No collections yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="397"/>
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
        <location filename="../../app/ui/chat_view.py" line="328"/>
        <source>Model loading</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="339"/>
        <source>Loading %1 with %2 …</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/ui/main_window.py" line="79"/>
        <source>%1 · %2 (%3) · ready in %4 s</source>
        <extracomment>how long a deleted conversation can be brought back conversation settings the window sets outside the settings dialog (kept when it saves)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="82"/>
        <source>File check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="83"/>
        <source>Process start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="84"/>
        <source>Weights load</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="85"/>
        <source>Warm-up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="86"/>
        <source>Ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="89"/>
        <source>Memory: %1 MB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="164"/>
        <source>Hearth</source>
        <extracomment>a reply ended (argument: its conversation); when that conversation is on screen, the thread shows the saved messages by then every event of every reply (conversation id, event), for tests and benches no reply is in flight any more the chat header&apos;s knowledge selector shows the conversation&apos;s collections the chat header&apos;s tools selector shows the conversation&apos;s MCP servers a reply asks the user to approve a tool call (argument: its card) the thread on screen was (re)loaded from the store a model finished loading (argument: LoadReport) something failed and the window says so (argument: the message shown) images were not sent: the model cannot see (argument: the model&apos;s name) replies in flight, by conversation (on screen or not) the unsaved new chat on screen (an identity), None when a conversation is drafts whose conversation is being created for their first message collections the user chose for the draft (None: the setting&apos;s default) conversation settings chosen for the draft before it is saved (MCP servers, structured output) conversations whose reply ended, announced once their thread is shown counts changes of the thread on screen (a deferred widget checks it) a message with images waits for the answer to &quot;can this model see?&quot; tokens shown since the window opened (benchmarks and tests read it)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="192"/>
        <source>Chats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="193"/>
        <source>Performance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="196"/>
        <source>No model loaded · %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="197"/>
        <source>automatic engine choice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="198"/>
        <source>Engine and model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="231"/>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="232"/>
        <source>&amp;New chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="233"/>
        <source>&amp;Import a GGUF file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="234"/>
        <source>&amp;Close chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="236"/>
        <source>&amp;Export all chats…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="237"/>
        <source>Im&amp;port chats…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="238"/>
        <source>&amp;Back up Hearth…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="240"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="241"/>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="242"/>
        <source>&amp;Find conversations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="243"/>
        <source>Re&amp;name chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="245"/>
        <source>&amp;Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="247"/>
        <source>&amp;Chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="248"/>
        <source>&amp;Stop reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="249"/>
        <source>&amp;Regenerate last reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="250"/>
        <source>Conversation se&amp;ttings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="251"/>
        <source>Structured &amp;output…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="252"/>
        <source>&amp;Focus the message box</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="253"/>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="254"/>
        <source>&amp;Chats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="255"/>
        <source>&amp;Performance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="257"/>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="258"/>
        <source>&amp;About Hearth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="395"/>
        <location filename="../../app/ui/main_window.py" line="429"/>
        <source>New conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="473"/>
        <source>Deleted “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="473"/>
        <source>Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="520"/>
        <source>The documents this chat consults; a new chat starts with the last chat&apos;s (Settings › New conversations consult).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="522"/>
        <source>The documents this chat consults; a new chat starts with none (Settings › New conversations consult).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="637"/>
        <source>%1 cannot see images. Choose a vision model, or remove the images.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="813"/>
        <location filename="../../app/ui/pages.py" line="41"/>
        <source>MCP servers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="821"/>
        <source>Waiting for another reply to finish…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="852"/>
        <source>A reply in another chat waits for your approval of a tool call.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="853"/>
        <source>Show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="864"/>
        <source>Waiting for your approval…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="879"/>
        <location filename="../../app/ui/main_window.py" line="889"/>
        <source>Import a GGUF file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="913"/>
        <source>Stopping…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="942"/>
        <source>Copied to the clipboard.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1017"/>
        <source>Unloaded after %1 idle minutes (Settings).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1018"/>
        <source>Kept loaded while Hearth runs (Settings).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1029"/>
        <source>Export all chats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1030"/>
        <source>Hearth chats (*.json);;Markdown (*.md)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1036"/>
        <source>Exporting chats to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1039"/>
        <source>%1 chats exported to %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1045"/>
        <source>Import chats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1046"/>
        <source>Hearth chats (*.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1058"/>
        <source>%1 chats imported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1063"/>
        <source>Back up Hearth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1064"/>
        <source>Zip archives (*.zip)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1071"/>
        <source>Backing up to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1074"/>
        <source>Backed up to %1. To restore it, close Hearth and run &apos;hearth backup restore %1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1080"/>
        <source>Import a GGUF model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1081"/>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1094"/>
        <location filename="../../app/ui/main_window.py" line="1139"/>
        <source>Checking %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1099"/>
        <source>%1 is ready to use.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1100"/>
        <source>Chat with it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1158"/>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1171"/>
        <source>The new language applies the next time Hearth starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1177"/>
        <source>Send a first message, then adjust this conversation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1231"/>
        <source>About Hearth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1234"/>
        <source>Hearth runs language models on your own computer. Conversations are kept in one database on this computer and never leave it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1237"/>
        <source>Licence: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1239"/>
        <source>Your data: {0}</source>
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
    <name>McpPage</name>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="218"/>
        <location filename="../../app/ui/mcp_page.py" line="254"/>
        <source>MCP servers</source>
        <extracomment>the servers were read and are shown a change asked from the page was made (add, remove, on, off) or refused</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="221"/>
        <source>MCP servers give the model tools. A server runs only when you turn it on here, a conversation calls its tools only when you choose it in the chat&apos;s Tools menu, and every call asks you first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="227"/>
        <source>Add server…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="229"/>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="231"/>
        <source>Open mcp.json</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="247"/>
        <location filename="../../app/ui/mcp_page.py" line="462"/>
        <source>Configuration: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="252"/>
        <source>Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="252"/>
        <source>Transport</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="253"/>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="253"/>
        <source>On</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="277"/>
        <source>Tool</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="277"/>
        <source>What it does</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="280"/>
        <source>Tools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="288"/>
        <location filename="../../app/ui/mcp_page.py" line="408"/>
        <source>Show input schema</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="293"/>
        <source>Input schema</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="344"/>
        <source>Turn %1 on or off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="363"/>
        <source>No MCP server yet: add one to give the model tools.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="368"/>
        <source>%1: %2 tools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="373"/>
        <source>%1 could not start: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="102"/>
        <location filename="../../app/ui/mcp_page.py" line="374"/>
        <source>unknown error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="60"/>
        <source>Give the command that starts the server (such as npx or python).</source>
        <extracomment>how often the states are read while a server is starting</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="65"/>
        <source>The arguments do not parse (%1): close the quotes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="74"/>
        <source>The address must start with http:// or https://.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="84"/>
        <source>The snippet is not JSON: %1 (line %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="90"/>
        <source>Paste servers in the mcp.json format: {&quot;mcpServers&quot;: {&quot;name&quot;: {&quot;command&quot;: &quot;...&quot;, &quot;args&quot;: [...]}}}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="98"/>
        <source>Ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="100"/>
        <source>Starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="102"/>
        <source>Failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="103"/>
        <source>Off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="376"/>
        <source>%1 is starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="378"/>
        <source>%1 is off: turn it on to list its tools.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="407"/>
        <source>Hide input schema</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MessageView</name>
    <message>
        <location filename="../../app/ui/message_view.py" line="82"/>
        <source>first token %1 s</source>
        <extracomment>how often a streaming reply is repainted (tokens arriving in between are batched)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="84"/>
        <source>%1 tok/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="86"/>
        <source>%1 of %2 prompt tokens from cache</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="92"/>
        <source>images %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="165"/>
        <source>Message text</source>
        <extracomment>seconds the reply&apos;s images took (shown in the footer), when known the tool calls of this reply, by call id show a reply that is JSON formatted, with &quot;Copy JSON&quot; (the conversation asks for JSON) the reply&apos;s JSON, indented, when it is shown formatted</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="170"/>
        <source>Images in this message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="187"/>
        <source>You</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="187"/>
        <source>Tool result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="188"/>
        <source>Assistant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="191"/>
        <source>Previous version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="194"/>
        <source>Next version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="205"/>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="205"/>
        <source>Copy this message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="207"/>
        <source>Copy JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="208"/>
        <source>Copy the reply&apos;s JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="212"/>
        <source>Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="212"/>
        <source>Edit and send again as a new branch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="214"/>
        <source>Regenerate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="215"/>
        <source>Write a new reply beside this one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="217"/>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="217"/>
        <source>Delete this message and its replies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="268"/>
        <source>Sources:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="273"/>
        <source>Open %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="274"/>
        <source>Open source %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="355"/>
        <source>Writing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="429"/>
        <source>Stopped by you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="431"/>
        <source>Length limit reached — raise the maximum reply length in the conversation&apos;s settings for longer replies.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="434"/>
        <source>Hearth was closed before this reply finished.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="436"/>
        <source>Engine error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="438"/>
        <source>Stopped before the end.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ModelsPage</name>
    <message>
        <location filename="../../app/ui/models_page.py" line="121"/>
        <location filename="../../app/ui/models_page.py" line="126"/>
        <source>Installed models</source>
        <extracomment>the catalog&apos;s column of estimated speed on this machine the installed list was (re)shown the catalog was shown a model was added or removed (the window refreshes its model pickers) the Import button was pressed (the window asks for the file and imports it) a download ended (LibraryModel or the exception) a download reported progress or a step (DownloadProgress or DownloadStatus)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="123"/>
        <location filename="../../app/ui/models_page.py" line="154"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="123"/>
        <location filename="../../app/ui/models_page.py" line="155"/>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="123"/>
        <source>Format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="124"/>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="124"/>
        <location filename="../../app/ui/models_page.py" line="155"/>
        <source>Fit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="124"/>
        <source>Last used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="131"/>
        <source>Disk used by models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="136"/>
        <source>Import GGUF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="137"/>
        <source>Show in file manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="138"/>
        <source>Delete…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="145"/>
        <location filename="../../app/ui/models_page.py" line="158"/>
        <source>Model catalog</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="154"/>
        <source>Description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="156"/>
        <source>License</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="163"/>
        <source>Download progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="167"/>
        <source>Download status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="174"/>
        <source>Cancel download</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="155"/>
        <location filename="../../app/ui/models_page.py" line="176"/>
        <location filename="../../app/ui/models_page.py" line="280"/>
        <source>Download</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="148"/>
        <source>Search the catalog: name, language (zh, fr…), kind (embedding)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="149"/>
        <source>Search the catalog</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="156"/>
        <source>Speed here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="172"/>
        <location filename="../../app/ui/models_page.py" line="460"/>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="179"/>
        <source>Download error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="222"/>
        <source>Sees images through its projector: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="225"/>
        <source>The file is missing: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="231"/>
        <source>Disk used: %1 (%2 in Hearth&apos;s folder, %3 linked)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="240"/>
        <source>built in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="240"/>
        <source>imported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="241"/>
        <source>Ollama</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="245"/>
        <source>HF folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="246"/>
        <source>%1, sees images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="252"/>
        <source>%1 (sees images)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="255"/>
        <source>fits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="255"/>
        <source>tight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="255"/>
        <source>too slow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="256"/>
        <source>too large</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="256"/>
        <source>needs a GPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="261"/>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="279"/>
        <source>Resume download</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="293"/>
        <source>Delete %1? Its file (%2) is deleted from Hearth&apos;s folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="295"/>
        <source>Remove %1 from the library? Its file (%2) stays where it is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="297"/>
        <source>Delete model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="307"/>
        <source>%1 deleted; %2 freed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="343"/>
        <source>sees images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="373"/>
        <source>≈ %1 tokens/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="487"/>
        <source>%1 is ready to use.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="378"/>
        <source>Catalog entry: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="384"/>
        <source>paused at %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="405"/>
        <source>Connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="432"/>
        <source>Paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="434"/>
        <source>Paused at %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="436"/>
        <source>Paused at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="442"/>
        <source>%1/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="444"/>
        <source>%1 left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="453"/>
        <source>Resuming…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="456"/>
        <source>Pausing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="460"/>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="505"/>
        <location filename="../../app/ui/models_page.py" line="506"/>
        <source>Download failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="467"/>
        <source>Cancelling…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NoticeBar</name>
    <message>
        <location filename="../../app/ui/notice.py" line="22"/>
        <source>Notice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/notice.py" line="27"/>
        <location filename="../../app/ui/notice.py" line="28"/>
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
        <location filename="../../app/ui/server_page.py" line="273"/>
        <source>Server</source>
        <extracomment>rows the requests table keeps (the log itself keeps the last 200) how often the loaded models and their queues are read while the page is on screen what the snippets send when the server needs no key (the openai client wants one) below this width the address and key boxes stand one above the other the key as the page shows it while hidden the keyring could not be read (the server runs without a key, on this computer only) the server listens (argument: its address, with the real port) the server stopped it could not start (argument: the sentence shown) new server settings to use and save (argument: the whole Settings); the window applies and saves them as it does the settings dialog&apos;s the key was read, made or removed (the key field and snippets show it) a request the server answered is in the table (argument: its RequestRecord) the loaded models table was refreshed from the server&apos;s threads to the GUI thread the key the server requires (None: none); known once read from the keyring the key could not be kept in the keyring: it lasts this session only what the keyring said when it failed (shown under the key)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="275"/>
        <source>Other programs on this computer can use Hearth&apos;s models through an OpenAI- or Anthropic-compatible API. They share the models and the queue with your chats.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="284"/>
        <location filename="../../app/ui/server_page.py" line="415"/>
        <source>Last requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="285"/>
        <location filename="../../app/ui/server_page.py" line="431"/>
        <source>Loaded models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="286"/>
        <source>Connect a program</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="314"/>
        <location filename="../../app/ui/server_page.py" line="537"/>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="315"/>
        <source>Start or stop the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="322"/>
        <source>Server address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="328"/>
        <source>Server status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="331"/>
        <source>Copy address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="337"/>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="341"/>
        <source>Host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="342"/>
        <source>127.0.0.1: this computer only. Any other address lets other computers connect and needs a key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="346"/>
        <source>&amp;Host:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="348"/>
        <source>any free port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="349"/>
        <source>Port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="351"/>
        <source>&amp;Port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="353"/>
        <source>None (web pages cannot call it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="354"/>
        <source>Web pages whose scripts may call the API from a browser, separated by commas, such as http://localhost:5173</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="357"/>
        <source>Allowed web origins</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="359"/>
        <source>&amp;Web origins:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="360"/>
        <source>Start with the window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="364"/>
        <source>Stop the server to change where it listens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="368"/>
        <source>Address problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="374"/>
        <location filename="../../app/ui/server_page.py" line="378"/>
        <source>API key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="379"/>
        <source>No key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="382"/>
        <location filename="../../app/ui/server_page.py" line="771"/>
        <source>Show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="383"/>
        <source>Show the key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="386"/>
        <location filename="../../app/ui/server_page.py" line="449"/>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="387"/>
        <source>Copy the key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="391"/>
        <source>New key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="392"/>
        <source>Make a new random key and keep it in the OS keyring; the old one stops working</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="396"/>
        <source>Remove key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="397"/>
        <source>Serve without a key (this computer only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="402"/>
        <source>Key status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="412"/>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="412"/>
        <source>Method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="412"/>
        <source>Path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="412"/>
        <location filename="../../app/ui/server_page.py" line="428"/>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="413"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="413"/>
        <source>Duration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="413"/>
        <source>First token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="414"/>
        <source>Tokens in → out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="414"/>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="419"/>
        <source>No requests yet. Start the server, then point a program at the address above (&quot;Connect a program&quot; shows how).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="428"/>
        <source>Engine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="429"/>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="429"/>
        <source>Waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="430"/>
        <source>Idle for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="435"/>
        <source>No model is loaded. The first request (or chat) loads the model it names.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="445"/>
        <source>curl</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="445"/>
        <source>Python (openai)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="450"/>
        <source>Copy the %1 snippet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="519"/>
        <source>%1 (the port is chosen when it starts)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="537"/>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="546"/>
        <source>Listening. Programs on this computer can connect with OpenAI and Anthropic clients.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="549"/>
        <source>Listening. Other computers can connect too, with the key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="552"/>
        <source>Stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="566"/>
        <source>Anthropic clients (the anthropic package, Claude tools) take the address without /v1: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="595"/>
        <source>Starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="596"/>
        <source>Starting on %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="626"/>
        <location filename="../../app/ui/server_page.py" line="627"/>
        <source>Stopping…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="671"/>
        <source>Enter the address to listen on, such as 127.0.0.1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="695"/>
        <source>Reading the OS keyring…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="756"/>
        <source>This key lasts until Hearth closes: it could not be kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="758"/>
        <source>Clients must send this key (Authorization: Bearer, or x-api-key). It is kept in the OS keyring.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="761"/>
        <source>No key. Listening on %1 lets other computers connect, so it needs one: press New key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="764"/>
        <source>No key: only programs on this computer can connect (listen on 127.0.0.1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="771"/>
        <source>Hide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="777"/>
        <source>Copied.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="787"/>
        <source>busy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="787"/>
        <source>idle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="788"/>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="116"/>
        <source>Hearth settings</source>
        <extracomment>the sampling rows, in order (their bounds and tooltips come from ``Sampling``)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="120"/>
        <location filename="../../app/ui/settings_dialog.py" line="127"/>
        <source>Follow the system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="124"/>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="125"/>
        <source>&amp;Language:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="127"/>
        <source>Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="128"/>
        <source>Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="131"/>
        <source>Theme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="132"/>
        <source>&amp;Theme:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="136"/>
        <source>Default model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="137"/>
        <source>Default &amp;model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="139"/>
        <source>Temperature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="139"/>
        <source>Te&amp;mperature:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="140"/>
        <source>Top-p</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="140"/>
        <source>Top-&amp;p:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="141"/>
        <source>Maximum reply length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="141"/>
        <source>Max&amp;imum reply tokens:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="142"/>
        <source>Context length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="142"/>
        <source>&amp;Context length:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="145"/>
        <source>CPU threads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="146"/>
        <source>automatic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="148"/>
        <source>CPU t&amp;hreads:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="155"/>
        <source>A new language applies the next time Hearth starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="168"/>
        <source>Exact (f16)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="169"/>
        <source>Half the memory (q8_0)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="170"/>
        <source>A quarter of the memory (q4_0, a little less accurate)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="174"/>
        <source>Conversation memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="175"/>
        <source>How llama.cpp keeps the conversation in memory (its KV cache). Smaller leaves room for longer contexts and larger models; it applies when a model is next loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="179"/>
        <source>Con&amp;versation memory:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="184"/>
        <source>Hugging Face (huggingface.co)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="185"/>
        <source>hf-mirror.com (a mirror that works well in China)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="187"/>
        <source>ModelScope (modelscope.cn)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="190"/>
        <source>Download models from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="191"/>
        <source>Tried first for every download; when it fails, the other locations are tried in turn.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="193"/>
        <source>&amp;Download models from:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="198"/>
        <source>Use the system&apos;s proxy settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="199"/>
        <source>No proxy (connect directly)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="200"/>
        <source>Manual proxy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="203"/>
        <source>Proxy for downloads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="204"/>
        <source>Download &amp;proxy:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="207"/>
        <source>Proxy address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="208"/>
        <source>Proxy &amp;address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="220"/>
        <source>Unload idle models after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="221"/>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="222"/>
        <source> min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="224"/>
        <source>&amp;Unload a model after it has been idle (minutes):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="226"/>
        <source>Replies that may wait</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="228"/>
        <source>Replies that may &amp;wait:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="230"/>
        <source>The last conversation&apos;s collections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="231"/>
        <source>No collections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="235"/>
        <source>New conversations consult</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="237"/>
        <source>Which documents a new chat searches before you choose in its Knowledge menu.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="238"/>
        <source>New conversations &amp;consult:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="250"/>
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
    <name>StructuredOutputDialog</name>
    <message>
        <location filename="../../app/ui/structured_dialog.py" line="45"/>
        <source>A person</source>
        <extracomment>how long after the last key the schema or grammar is checked schemas to start from: (title, schema)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/structured_dialog.py" line="55"/>
        <source>A to-do list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/structured_dialog.py" line="77"/>
        <source>A sentiment label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/structured_dialog.py" line="90"/>
        <source>Yes or no</source>
        <extracomment>grammars to start from: (title, GBNF)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/structured_dialog.py" line="91"/>
        <source>A small XML record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/structured_dialog.py" line="110"/>
        <source>Structured output</source>
        <extracomment>a check ended and its outcome is shown (argument: the problem, &quot;&quot; when valid)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/structured_dialog.py" line="124"/>
        <source>Every reply of this conversation follows the format chosen here: the model is held to it while it writes, so the reply always parses.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/structured_dialog.py" line="130"/>
        <location filename="../../app/ui/structured_dialog.py" line="275"/>
        <source>Free text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/structured_dialog.py" line="131"/>
        <source>JSON (any object)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/structured_dialog.py" line="132"/>
        <source>JSON that follows a schema</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/structured_dialog.py" line="133"/>
        <source>Text that follows a grammar (GBNF)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/structured_dialog.py" line="141"/>
        <source>Start from an example:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/structured_dialog.py" line="143"/>
        <source>Examples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/structured_dialog.py" line="150"/>
        <source>Schema or grammar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/structured_dialog.py" line="209"/>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/structured_dialog.py" line="218"/>
        <source>{&quot;type&quot;: &quot;object&quot;, &quot;properties&quot;: {...}}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/structured_dialog.py" line="219"/>
        <source>root ::= &quot;yes&quot; | &quot;no&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/structured_dialog.py" line="259"/>
        <source>The schema is valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/structured_dialog.py" line="260"/>
        <source>The grammar is valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/structured_dialog.py" line="270"/>
        <source>JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/structured_dialog.py" line="272"/>
        <source>JSON schema</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/structured_dialog.py" line="274"/>
        <source>Grammar</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ToolCallCard</name>
    <message>
        <location filename="../../app/ui/tool_call_view.py" line="140"/>
        <source>Tool call: %1</source>
        <extracomment>results longer than this (characters or lines) show collapsed, with &quot;Show all&quot; the user answered (argument: &quot;once&quot;, &quot;always&quot; or &quot;deny&quot;)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/tool_call_view.py" line="152"/>
        <source>Arguments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/tool_call_view.py" line="157"/>
        <source>Allow once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/tool_call_view.py" line="158"/>
        <source>Always allow in this conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/tool_call_view.py" line="159"/>
        <source>Deny</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/tool_call_view.py" line="175"/>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/tool_call_view.py" line="178"/>
        <location filename="../../app/ui/tool_call_view.py" line="250"/>
        <source>Show all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/tool_call_view.py" line="192"/>
        <source>The model wants to call this tool. Allow it?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/tool_call_view.py" line="204"/>
        <source>Denied: the model is told you refused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/tool_call_view.py" line="205"/>
        <source>Running…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/tool_call_view.py" line="216"/>
        <source>Denied: the model was told you refused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/tool_call_view.py" line="218"/>
        <source>The call failed; the model was told why:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/tool_call_view.py" line="219"/>
        <source>Allowed always in this conversation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/tool_call_view.py" line="220"/>
        <source>Allowed once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/tool_call_view.py" line="222"/>
        <source>Ran in %1 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/tool_call_view.py" line="239"/>
        <source>No result was stored for this call.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/tool_call_view.py" line="243"/>
        <source>Allowed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/tool_call_view.py" line="250"/>
        <source>Show less</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ToolsButton</name>
    <message>
        <location filename="../../app/ui/chat_view.py" line="421"/>
        <source>Tools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="422"/>
        <source>The MCP servers whose tools this conversation may call; each call asks you first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="437"/>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="438"/>
        <source>Tools: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="448"/>
        <source>%1 (turned off on the MCP page)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="457"/>
        <source>No MCP servers yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="459"/>
        <source>Add or turn on servers on the MCP page…</source>
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
