<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AddServerDialog</name>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="115" />
        <source>Add an MCP server</source>
        <translation>添加 MCP 服务器</translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="119" />
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="120" />
        <source>URL</source>
        <translation>网址</translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="121" />
        <source>mcp.json snippet</source>
        <translation>mcp.json 片段</translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="129" />
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="138" />
        <source>weather</source>
        <translation>weather</translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="139" />
        <source>npx, uvx, python…</source>
        <translation>npx、uvx、python…</translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="140" />
        <source>-y @modelcontextprotocol/server-filesystem ~/Documents</source>
        <translation>-y @modelcontextprotocol/server-filesystem ~/Documents</translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="141" />
        <location filename="../../app/ui/mcp_page.py" line="151" />
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="142" />
        <source>Command:</source>
        <translation>命令：</translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="143" />
        <source>Arguments:</source>
        <translation>参数：</translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="149" />
        <source>remote-tools</source>
        <translation>remote-tools</translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="152" />
        <source>Address:</source>
        <translation>地址：</translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="153" />
        <source>A Streamable HTTP server.</source>
        <translation>Streamable HTTP 服务器。</translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="160" />
        <source>Paste servers as they appear in an mcp.json file (LM Studio, Cursor):</source>
        <translation>按 mcp.json 文件（LM Studio、Cursor）中的写法粘贴服务器：</translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="177" />
        <source>Give the server a name.</source>
        <translation>请为服务器命名。</translation>
    </message>
</context>
<context>
    <name>ChatPage</name>
    <message>
        <location filename="../../app/ui/chat_view.py" line="513" />
        <source>Ask anything. This conversation stays on this computer.</source>
        <extracomment>the collections the conversation should consult (names) the MCP servers the conversation may call (names) the user asked to change the conversation's structured output an image was read and checked (argument: the ``Attached``) or refused (the exception); tests and screenshots wait on it the full-size view of an image opened (argument: the ImageViewer) the window's task runner (None: a page on its own reads images on the spot) images being read and checked, and what the finished ones had to say ((sentence, is_error) pairs, shown together until the next batch)</extracomment>
        <translation>尽管问吧。这段对话只保存在这台电脑上。</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="527" />
        <source>New conversation</source>
        <translation>新对话</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="540" />
        <source>Structured output: what every reply of this conversation must look like (free text, JSON, a JSON schema or a grammar)</source>
        <translation>结构化输出：本对话每条回复必须遵循的格式（自由文本、JSON、JSON 模式或语法）</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="543" />
        <source>Structured output</source>
        <translation>结构化输出</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="548" />
        <source>Free text</source>
        <translation>自由文本</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="549" />
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="552" />
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="553" />
        <source>The model this conversation talks to</source>
        <translation>此对话使用的模型</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="557" />
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="558" />
        <source>System prompt, temperature and other settings of this conversation</source>
        <translation>此对话的系统提示词、温度等设置</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="560" />
        <source>Conversation settings</source>
        <translation>对话设置</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="573" />
        <source>Attached images</source>
        <translation>已附加的图片</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="589" />
        <source>Image…</source>
        <translation>图片…</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="590" />
        <source>Attach images to the message (you can also paste them or drop them here)</source>
        <translation>给消息附加图片（也可以粘贴或拖放到这里）</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="592" />
        <location filename="../../app/ui/chat_view.py" line="634" />
        <source>Attach images</source>
        <translation>附加图片</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="595" />
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="596" />
        <source>Send message</source>
        <translation>发送消息</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="598" />
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="599" />
        <source>Stop the reply (Esc)</source>
        <translation>停止回复（Esc）</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="600" />
        <source>Stop the reply</source>
        <translation>停止回复</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="635" />
        <source>Images (*.png *.jpg *.jpeg *.webp *.gif *.bmp *.tif *.tiff);;All files (*)</source>
        <translation>图片 (*.png *.jpg *.jpeg *.webp *.gif *.bmp *.tif *.tiff);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="647" />
        <source>The pasted image</source>
        <translation>粘贴的图片</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="654" />
        <source>Reading the image…</source>
        <translation>正在读取图片…</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="759" />
        <source>Output: %1</source>
        <translation>输出：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="766" />
        <source>Editing a message: Enter sends it as a new branch, Esc cancels.</source>
        <translation>正在编辑消息：按 Enter 作为新分支发送，按 Esc 取消。</translation>
    </message>
</context>
<context>
    <name>ChatView</name>
    <message>
        <location filename="../../app/ui/chat_view.py" line="66" />
        <source>Conversation</source>
        <extracomment>messages given widgets at a time widest the Knowledge button's text gets, in pixels (longer lists are elided) a message's image was clicked (argument: its ImagePart)</extracomment>
        <translation>对话</translation>
    </message>
</context>
<context>
    <name>ConversationSettingsDialog</name>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="290" />
        <source>Conversation settings</source>
        <translation>对话设置</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="294" />
        <source>For example: You are a concise assistant.</source>
        <translation>例如：你是一个简洁的助手。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="295" />
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="297" />
        <source>&amp;System prompt:</source>
        <translation>系统提示词(&amp;S)：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="299" />
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="299" />
        <source>Te&amp;mperature:</source>
        <translation>温度(&amp;M)：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="300" />
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="300" />
        <source>Top-&amp;p:</source>
        <translation>Top-p(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="301" />
        <source>Maximum reply length</source>
        <translation>最大回复长度</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="301" />
        <source>Max&amp;imum reply tokens:</source>
        <translation>最大回复词元数(&amp;I)：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="302" />
        <source>Context length</source>
        <translation>上下文长度</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="302" />
        <source>&amp;Context length:</source>
        <translation>上下文长度(&amp;C)：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="304" />
        <source>Use a fixed seed (same answer every time)</source>
        <translation>使用固定种子（每次得到相同回答）</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="303" />
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="303" />
        <source>S&amp;eed:</source>
        <translation>种子(&amp;E)：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="313" />
        <source>Reset to defaults</source>
        <translation>恢复默认</translation>
    </message>
</context>
<context>
    <name>EnginesPage</name>
    <message>
        <location filename="../../app/ui/engines_page.py" line="73" />
        <location filename="../../app/ui/engines_page.py" line="90" />
        <source>Engines</source>
        <extracomment>the column of the "Use" buttons (shown first) the column of each engine's reason (it takes the width left, and wraps) the column of the "Use an existing environment…" buttons (last) the key of the "Automatic" row in :attr:`EnginesPage.use_buttons` the chat now runs on another engine (argument: its LoadReport) a switch failed (argument: the message; the previous engine is kept) an environment was checked and is now used (argument: its EnvCheck) an environment was refused, or forgotten (argument: the sentence shown) the Runtime the chat runs on, or a callable that returns the current one (the scheduler may hand the chat to another Runtime when the model changes) each row's Use button and the targets it offers engine -&gt; its "Use an existing environment…" button</extracomment>
        <translation>引擎</translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="75" />
        <source>This computer</source>
        <translation>本机</translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="78" />
        <source>Engine in use</source>
        <translation>正在使用的引擎</translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="81" />
        <source>Engine</source>
        <translation>引擎</translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="81" />
        <source>Found</source>
        <translation>已找到</translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="81" />
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="82" />
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="82" />
        <source>Usable</source>
        <translation>可用</translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="82" />
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="83" />
        <location filename="../../app/ui/engines_page.py" line="176" />
        <location filename="../../app/ui/engines_page.py" line="260" />
        <source>Use</source>
        <translation>使用</translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="93" />
        <source>Engine environment</source>
        <translation>引擎环境</translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="97" />
        <source>Check again</source>
        <translation>重新检测</translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="136" />
        <location filename="../../app/ui/engines_page.py" line="165" />
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="136" />
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Hearth chooses for each model: Ollama for models from its store when the daemon runs, a vLLM, LMDeploy or TensorRT-LLM worker when the engine is installed and an NVIDIA GPU fits the model, else llama.cpp in-process</source>
        <translation type="vanished">Hearth 为每个模型选择引擎：Ollama 守护进程运行时，其存储中的模型交给 Ollama；已安装 vLLM、LMDeploy 或 TensorRT-LLM 且 NVIDIA GPU 放得下模型时，使用对应的工作进程；否则在进程内使用 llama.cpp</translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="161" />
        <source>Hearth chooses for each model: Ollama for models from its store when the daemon runs, a %1 worker when the engine is installed and the machine can carry the model, else llama.cpp in-process</source>
        <translation>Hearth 为每个模型自动选择：Ollama 守护进程运行时，其模型库中的模型交给 Ollama；已安装相应引擎且本机能承载该模型时，交给 %1 工作进程；否则在进程内用 llama.cpp 运行</translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="165" />
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="169" />
        <source>Use the automatic choice</source>
        <translation>使用自动选择</translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="177" />
        <source>Use %1</source>
        <translation>使用 %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="195" />
        <source>Choosing an engine…</source>
        <translation>正在选择引擎…</translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="196" />
        <source>Starting %1…</source>
        <translation>正在启动 %1…</translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="228" />
        <source>Hearth chose this engine automatically for the model running now. Click to use it for every model.</source>
        <translation>Hearth 为当前运行的模型自动选择了这个引擎。点击后所有模型都使用它。</translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="237" />
        <location filename="../../app/ui/engines_page.py" line="253" />
        <source>In use: %1</source>
        <translation>正在使用：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="243" />
        <source>%1 (chosen automatically)</source>
        <translation>%1（自动选择）</translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="247" />
        <source>the automatic choice (Hearth picks the engine when a model loads)</source>
        <translation>自动选择（加载模型时由 Hearth 选择引擎）</translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="248" />
        <source>%1 (starts with the next chat)</source>
        <translation>%1（下一次对话时启动）</translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="255" />
        <source>In use</source>
        <translation>正在使用</translation>
    </message>
    <message>
        <source>Running: %1 · Use…</source>
        <translation type="vanished">运行中：%1 · 使用…</translation>
    </message>
    <message>
        <source>Running · Use</source>
        <translation type="vanished">运行中 · 使用</translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="257" />
        <source>Running now: %1 · Always use…</source>
        <translation>正在运行：%1 · 始终使用…</translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="259" />
        <source>Running now · Always use</source>
        <translation>正在运行 · 始终使用</translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="260" />
        <source>Use…</source>
        <translation>使用…</translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="267" />
        <source>Use an existing environment…</source>
        <translation>使用已有环境…</translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="269" />
        <source>Use an existing environment for %1</source>
        <translation>为 %1 使用已有环境</translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="271" />
        <source>Choose its folder…</source>
        <translation>选择环境文件夹…</translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="272" />
        <source>Choose its Python executable…</source>
        <translation>选择环境中的 Python 可执行文件…</translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="275" />
        <source>Forget this environment</source>
        <translation>不再使用此环境</translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="284" />
        <source>The folder of a Python environment with %1</source>
        <translation>装有 %1 的 Python 环境文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="292" />
        <source>The Python of an environment with %1</source>
        <translation>装有 %1 的环境中的 Python</translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="300" />
        <source>Checking %1 for %2…</source>
        <translation>正在检查 %1 中的 %2…</translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="315" />
        <source>%1 %2 in %3 is used from now on.</source>
        <translation>从现在起使用 %3 中的 %1 %2。</translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="318" />
        <source>It is the CPU build: it runs on the CPU, slowly.</source>
        <translation>这是 CPU 版本：它在 CPU 上运行，速度较慢。</translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="332" />
        <source>Hearth looks for %1 in its own place again.</source>
        <translation>Hearth 重新在自己的默认位置查找 %1。</translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="340" />
        <source>%1 (%2 cores)</source>
        <translation>%1（%2 核）</translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="343" />
        <source>%1 GB RAM</source>
        <translation>%1 GB 内存</translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="346" />
        <source>GPU: %1</source>
        <translation>GPU：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/engines_page.py" line="346" />
        <source>none found</source>
        <translation>未找到</translation>
    </message>
</context>
<context>
    <name>ImageThumb</name>
    <message>
        <location filename="../../app/ui/image_strip.py" line="147" />
        <source>Click to view full size</source>
        <extracomment>the longest side of a thumbnail, in pixels thumbnails kept in memory (about 80 KB each); the oldest go first file name endings the window treats as images (a drop or a copied file); the core checks the bytes whatever the name says a thumbnail is ready (argument: its key)</extracomment>
        <translation>点击查看原图</translation>
    </message>
    <message>
        <location filename="../../app/ui/image_strip.py" line="149" />
        <source>Image %1</source>
        <translation>图片 %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/image_strip.py" line="154" />
        <location filename="../../app/ui/image_strip.py" line="155" />
        <source>Remove this image</source>
        <translation>移除这张图片</translation>
    </message>
    <message>
        <location filename="../../app/ui/image_strip.py" line="170" />
        <source>This image's file is missing.</source>
        <translation>这张图片的文件不见了。</translation>
    </message>
</context>
<context>
    <name>ImageViewer</name>
    <message>
        <location filename="../../app/ui/image_strip.py" line="273" />
        <source>Image</source>
        <translation>图片</translation>
    </message>
    <message>
        <location filename="../../app/ui/image_strip.py" line="274" />
        <source>Image, full size</source>
        <translation>图片原图</translation>
    </message>
    <message>
        <location filename="../../app/ui/image_strip.py" line="278" />
        <source>Opening the image…</source>
        <translation>正在打开图片…</translation>
    </message>
    <message>
        <location filename="../../app/ui/image_strip.py" line="305" />
        <source>This image could not be opened: its file is missing or damaged.</source>
        <translation>无法打开这张图片：文件不见了或已损坏。</translation>
    </message>
</context>
<context>
    <name>InputBox</name>
    <message>
        <location filename="../../app/ui/chat_view.py" line="281" />
        <source>Message Hearth — Enter to send, Shift+Enter for a new line</source>
        <extracomment>seconds each reply's images took, by message id (see :func:`image_times`) replies that are JSON show formatted (the conversation asks for JSON)</extracomment>
        <translation>给 Hearth 发消息 — Enter 发送，Shift+Enter 换行</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="282" />
        <source>Message input</source>
        <translation>消息输入框</translation>
    </message>
</context>
<context>
    <name>KnowledgeButton</name>
    <message>
        <location filename="../../app/ui/chat_view.py" line="363" />
        <source>Knowledge</source>
        <translation>知识</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="374" />
        <source>No documents</source>
        <translation>不使用文档</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="375" />
        <source>Knowledge: %1</source>
        <translation>知识：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="394" />
        <source>No collections yet</source>
        <translation>还没有文档集</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="397" />
        <source>Add documents on the Knowledge base page…</source>
        <translation>在知识库页面添加文档…</translation>
    </message>
</context>
<context>
    <name>KnowledgePage</name>
    <message>
        <location filename="../../app/ui/kb_page.py" line="81" />
        <source>Knowledge base</source>
        <extracomment>collections and documents were (re)shown an indexing run ended (the last IngestProgress, or the exception) the folder watcher reported (a WatchReport; emitted from the watcher's thread, delivered on the GUI thread) what the watcher last said about each watched folder (path -&gt; state text)</extracomment>
        <translation>知识库</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="82" />
        <source>Drop documents or folders here (PDF, Word, HTML, Markdown, text, source code), or add them with the buttons.</source>
        <translation>将文档或文件夹拖放到这里（PDF、Word、HTML、Markdown、文本、源代码），或用按钮添加。</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="104" />
        <source>Collections</source>
        <translation>文档集</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="108" />
        <source>New collection…</source>
        <translation>新建文档集…</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="109" />
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="111" />
        <location filename="../../app/ui/kb_page.py" line="406" />
        <source>Delete collection</source>
        <translation>删除文档集</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="112" />
        <source>Delete the chosen collection from the knowledge base</source>
        <translation>从知识库中删除所选文档集</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="122" />
        <source>Document</source>
        <translation>文档</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="122" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="123" />
        <source>Chunks</source>
        <translation>片段</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="123" />
        <source>Pages</source>
        <translation>页数</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="123" />
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="125" />
        <source>Documents</source>
        <translation>文档</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="130" />
        <source>Remove…</source>
        <translation>移除…</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="131" />
        <location filename="../../app/ui/kb_page.py" line="444" />
        <source>Remove documents</source>
        <translation>移除文档</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="132" />
        <source>Remove the selected documents from the collection (the files are not touched)</source>
        <translation>从文档集中移除所选文档（文件本身不受影响）</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="135" />
        <source>Add files…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="136" />
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="146" />
        <source>Watched folders (changes are re-indexed while Hearth runs)</source>
        <translation>监视的文件夹（Hearth 运行时，其中的变化会重新索引）</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="149" />
        <source>Watched folders</source>
        <translation>监视的文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="155" />
        <source>Watch a folder…</source>
        <translation>监视文件夹…</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="157" />
        <location filename="../../app/ui/kb_page.py" line="486" />
        <source>Stop watching</source>
        <translation>停止监视</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="164" />
        <source>Indexing progress</source>
        <translation>索引进度</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="168" />
        <source>Indexing status</source>
        <translation>索引状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="170" />
        <location filename="../../app/ui/kb_page.py" line="320" />
        <location filename="../../app/ui/kb_page.py" line="365" />
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="172" />
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="201" />
        <source>%1 (%2 documents)</source>
        <translation>%1（%2 个文档）</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="225" />
        <source>starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="242" />
        <source>waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="242" />
        <source>indexed</source>
        <translation>已索引</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="243" />
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="258" />
        <source>New collection</source>
        <translation>新建文档集</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="258" />
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="277" />
        <source>Add documents</source>
        <translation>添加文档</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="278" />
        <source>Documents (%1);;All files (*)</source>
        <translation>文档 (%1);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="283" />
        <source>Add a folder</source>
        <translation>添加文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="321" />
        <source>Preparing…</source>
        <translation>准备中…</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="343" />
        <source>Waiting for the indexing under way to finish…</source>
        <translation>正在等待进行中的索引完成…</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="344" />
        <source>%1 of %2 files</source>
        <translation>%1/%2 个文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="346" />
        <source>%1 chunks/s</source>
        <translation>%1 片段/秒</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="348" />
        <source>%1 s left</source>
        <translation>剩余 %1 秒</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="350" />
        <location filename="../../app/ui/kb_page.py" line="532" />
        <source>%1 failed</source>
        <translation>%1 个失败</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="352" />
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="354" />
        <source>Stopped; the rest is indexed next time</source>
        <translation>已停止；其余部分下次继续索引</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="356" />
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="368" />
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="369" />
        <source>Pausing after the current step…</source>
        <translation>当前步骤完成后暂停…</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="398" />
        <source>Delete the collection %1 and its %2 documents from the knowledge base? The files themselves are not touched.</source>
        <translation>从知识库中删除文档集 %1 及其 %2 个文档？文件本身不受影响。</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="402" />
        <source>%1 conversations search it; they will stop searching it.</source>
        <translation>有 %1 个对话检索它；这些对话将不再检索它。</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="405" />
        <source>Its watched folders are no longer watched.</source>
        <translation>它监视的文件夹将不再被监视。</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="415" />
        <source>Collection %1 deleted.</source>
        <translation>文档集 %1 已删除。</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="437" />
        <source>Remove %1 document(s) from %2 (%3)? The files themselves are not touched.</source>
        <translation>从 %2 中移除 %1 个文档（%3）？文件本身不受影响。</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="442" />
        <source>A file in a watched folder comes back when it changes; stop watching the folder to keep it out.</source>
        <translation>监视文件夹中的文件在变化时会重新加入；要将其排除，请停止监视该文件夹。</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="453" />
        <source>%1 document(s) removed.</source>
        <translation>已移除 %1 个文档。</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="462" />
        <source>Watch a folder</source>
        <translation>监视文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="472" />
        <source>scanning…</source>
        <translation>正在扫描…</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="487" />
        <source>Stop watching %1? Its documents stay in the collection; remove them with Remove… if you no longer want them.</source>
        <translation>停止监视 %1？其文档仍保留在文档集中；如不再需要，请用“移除…”将其移除。</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="507" />
        <source>watching</source>
        <translation>监视中</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="508" />
        <source>folder not found</source>
        <translation>找不到文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="508" />
        <source>problem</source>
        <translation>出现问题</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="513" />
        <source>Watched folder: %1</source>
        <translation>监视的文件夹：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="528" />
        <source>re-indexed %1</source>
        <translation>已重新索引 %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="530" />
        <source>removed %1</source>
        <translation>已移除 %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/kb_page.py" line="535" />
        <source>Watched folder %1: </source>
        <translation>监视的文件夹 %1：</translation>
    </message>
</context>
<context>
    <name>LineChart</name>
    <message>
        <location filename="../../app/ui/performance_view.py" line="78" />
        <source>No measurements yet: load a model and chat.</source>
        <translation>还没有测量数据：加载模型并开始聊天。</translation>
    </message>
    <message>
        <location filename="../../app/ui/performance_view.py" line="115" />
        <source>older → newer</source>
        <translation>较早 → 较新</translation>
    </message>
</context>
<context>
    <name>LoadBanner</name>
    <message>
        <location filename="../../app/ui/chat_view.py" line="328" />
        <source>Model loading</source>
        <translation>模型加载中</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="339" />
        <source>Loading %1 with %2 …</source>
        <translation>正在用 %2 加载 %1 …</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/ui/main_window.py" line="79" />
        <source>%1 · %2 (%3) · ready in %4 s</source>
        <extracomment>how long a deleted conversation can be brought back conversation settings the window sets outside the settings dialog (kept when it saves)</extracomment>
        <translation>%1 · %2（%3）· %4 秒就绪</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="82" />
        <source>File check</source>
        <translation>文件检查</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="83" />
        <source>Process start</source>
        <translation>进程启动</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="84" />
        <source>Weights load</source>
        <translation>加载权重</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="85" />
        <source>Warm-up</source>
        <translation>预热</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="86" />
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="89" />
        <source>Memory: %1 MB</source>
        <translation>内存：%1 MB</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="164" />
        <source>Hearth</source>
        <extracomment>a reply ended (argument: its conversation); when that conversation is on screen, the thread shows the saved messages by then every event of every reply (conversation id, event), for tests and benches no reply is in flight any more the chat header's knowledge selector shows the conversation's collections the chat header's tools selector shows the conversation's MCP servers a reply asks the user to approve a tool call (argument: its card) the thread on screen was (re)loaded from the store a model finished loading (argument: LoadReport) something failed and the window says so (argument: the message shown) images were not sent: the model cannot see (argument: the model's name) replies in flight, by conversation (on screen or not) the unsaved new chat on screen (an identity), None when a conversation is drafts whose conversation is being created for their first message collections the user chose for the draft (None: the setting's default) conversation settings chosen for the draft before it is saved (MCP servers, structured output) conversations whose reply ended, announced once their thread is shown counts changes of the thread on screen (a deferred widget checks it) a message with images waits for the answer to "can this model see?" tokens shown since the window opened (benchmarks and tests read it)</extracomment>
        <translation>Hearth</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="192" />
        <source>Chats</source>
        <translation>对话</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="193" />
        <source>Performance</source>
        <translation>性能</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="196" />
        <source>No model loaded · %1</source>
        <translation>未加载模型 · %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="197" />
        <source>automatic engine choice</source>
        <translation>自动选择引擎</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="198" />
        <source>Engine and model</source>
        <translation>引擎与模型</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="231" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="232" />
        <source>&amp;New chat</source>
        <translation>新对话(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="233" />
        <source>&amp;Import a GGUF file…</source>
        <translation>导入 GGUF 文件(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="234" />
        <source>&amp;Close chat</source>
        <translation>关闭对话(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="236" />
        <source>&amp;Export all chats…</source>
        <translation>导出全部对话(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="237" />
        <source>Im&amp;port chats…</source>
        <translation>导入对话(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="238" />
        <source>&amp;Back up Hearth…</source>
        <translation>备份 Hearth(&amp;B)…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="240" />
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="241" />
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="242" />
        <source>&amp;Find conversations</source>
        <translation>查找对话(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="243" />
        <source>Re&amp;name chat</source>
        <translation>重命名对话(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="245" />
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="247" />
        <source>&amp;Chat</source>
        <translation>对话(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="248" />
        <source>&amp;Stop reply</source>
        <translation>停止回复(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="249" />
        <source>&amp;Regenerate last reply</source>
        <translation>重新生成最后的回复(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="250" />
        <source>Conversation se&amp;ttings…</source>
        <translation>对话设置(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="251" />
        <source>Structured &amp;output…</source>
        <translation>结构化输出(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="252" />
        <source>&amp;Focus the message box</source>
        <translation>聚焦到输入框(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="253" />
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="254" />
        <source>&amp;Chats</source>
        <translation>对话(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="255" />
        <source>&amp;Performance</source>
        <translation>性能(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="257" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="258" />
        <source>&amp;About Hearth</source>
        <translation>关于 Hearth(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="637" />
        <source>%1 cannot see images. Choose a vision model, or remove the images.</source>
        <translation>%1 无法识别图片。请选择一个视觉模型，或移除图片。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1029" />
        <source>Export all chats</source>
        <translation>导出全部对话</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1030" />
        <source>Hearth chats (*.json);;Markdown (*.md)</source>
        <translation>Hearth 对话 (*.json);;Markdown (*.md)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1036" />
        <source>Exporting chats to %1…</source>
        <translation>正在导出对话到 %1…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1039" />
        <source>%1 chats exported to %2.</source>
        <translation>已导出 %1 个对话到 %2。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1045" />
        <source>Import chats</source>
        <translation>导入对话</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1046" />
        <source>Hearth chats (*.json);;All files (*)</source>
        <translation>Hearth 对话 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1058" />
        <source>%1 chats imported.</source>
        <translation>已导入 %1 个对话。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1063" />
        <source>Back up Hearth</source>
        <translation>备份 Hearth</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1064" />
        <source>Zip archives (*.zip)</source>
        <translation>Zip 压缩包 (*.zip)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1071" />
        <source>Backing up to %1…</source>
        <translation>正在备份到 %1…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1074" />
        <source>Backed up to %1. To restore it, close Hearth and run 'hearth backup restore %1'.</source>
        <translation>已备份到 %1。如需恢复，请关闭 Hearth 后运行 'hearth backup restore %1'。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1237" />
        <source>Licence: {0}</source>
        <translation>许可证：{0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1239" />
        <source>Your data: {0}</source>
        <translation>你的数据：{0}</translation>
    </message>
    <message>
        <source>Stop the reply (Esc) before switching conversations.</source>
        <translation type="vanished">切换对话前请先停止回复（Esc）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="395" />
        <location filename="../../app/ui/main_window.py" line="429" />
        <source>New conversation</source>
        <translation>新对话</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="473" />
        <source>Deleted “%1”.</source>
        <translation>已删除“%1”。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="473" />
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="520" />
        <source>The documents this chat consults; a new chat starts with the last chat's (Settings › New conversations consult).</source>
        <translation>此对话参考的文档；新对话开始时沿用上一个对话的文档（设置 › 新对话参考）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="522" />
        <source>The documents this chat consults; a new chat starts with none (Settings › New conversations consult).</source>
        <translation>此对话参考的文档；新对话开始时不使用任何文档（设置 › 新对话参考）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="813" />
        <location filename="../../app/ui/pages.py" line="41" />
        <source>MCP servers</source>
        <translation>MCP 服务器</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="821" />
        <source>Waiting for another reply to finish…</source>
        <translation>正在等待另一个回复完成…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="852" />
        <source>A reply in another chat waits for your approval of a tool call.</source>
        <translation>另一个对话中的回复正在等待你批准工具调用。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="853" />
        <source>Show</source>
        <translation>查看</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="864" />
        <source>Waiting for your approval…</source>
        <translation>正在等待你的批准…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="879" />
        <location filename="../../app/ui/main_window.py" line="889" />
        <source>Import a GGUF file…</source>
        <translation>导入 GGUF 文件…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="913" />
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="942" />
        <source>Copied to the clipboard.</source>
        <translation>已复制到剪贴板。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1017" />
        <source>Unloaded after %1 idle minutes (Settings).</source>
        <translation>空闲 %1 分钟后卸载（见设置）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1018" />
        <source>Kept loaded while Hearth runs (Settings).</source>
        <translation>Hearth 运行期间一直保持加载（见设置）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1080" />
        <source>Import a GGUF model</source>
        <translation>导入 GGUF 模型</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1081" />
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 模型 (*.gguf);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1094" />
        <location filename="../../app/ui/main_window.py" line="1139" />
        <source>Checking %1…</source>
        <translation>正在检查 %1…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1099" />
        <source>%1 is ready to use.</source>
        <translation>%1 已可使用。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1100" />
        <source>Chat with it</source>
        <translation>用它聊天</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1158" />
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1171" />
        <source>The new language applies the next time Hearth starts.</source>
        <translation>新的语言将在下次启动 Hearth 时生效。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1177" />
        <source>Send a first message, then adjust this conversation.</source>
        <translation>请先发送第一条消息，再调整此对话。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1231" />
        <source>About Hearth</source>
        <translation>关于 Hearth</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="1234" />
        <source>Hearth runs language models on your own computer. Conversations are kept in one database on this computer and never leave it.</source>
        <translation>Hearth 在你自己的电脑上运行语言模型。对话保存在这台电脑上的一个数据库中，绝不外传。</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="16" />
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="21" />
        <source>Knowledge base</source>
        <translation>知识库</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="28" />
        <source>Engines</source>
        <translation>引擎</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="34" />
        <source>Server</source>
        <translation>服务器</translation>
    </message>
</context>
<context>
    <name>McpPage</name>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="218" />
        <location filename="../../app/ui/mcp_page.py" line="254" />
        <source>MCP servers</source>
        <extracomment>the servers were read and are shown a change asked from the page was made (add, remove, on, off) or refused</extracomment>
        <translation>MCP 服务器</translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="221" />
        <source>MCP servers give the model tools. A server runs only when you turn it on here, a conversation calls its tools only when you choose it in the chat's Tools menu, and every call asks you first.</source>
        <translation>MCP 服务器为模型提供工具。服务器只有在此处开启后才会运行；只有在对话的“工具”菜单中选中它，对话才会调用它的工具；每次调用都会先征得你的同意。</translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="227" />
        <source>Add server…</source>
        <translation>添加服务器…</translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="229" />
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="231" />
        <source>Open mcp.json</source>
        <translation>打开 mcp.json</translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="247" />
        <location filename="../../app/ui/mcp_page.py" line="462" />
        <source>Configuration: %1</source>
        <translation>配置文件：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="252" />
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="252" />
        <source>Transport</source>
        <translation>传输方式</translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="253" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="253" />
        <source>On</source>
        <translation>开启</translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="277" />
        <source>Tool</source>
        <translation>工具</translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="277" />
        <source>What it does</source>
        <translation>作用</translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="280" />
        <source>Tools</source>
        <translation>工具</translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="288" />
        <location filename="../../app/ui/mcp_page.py" line="408" />
        <source>Show input schema</source>
        <translation>显示输入模式</translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="293" />
        <source>Input schema</source>
        <translation>输入模式</translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="344" />
        <source>Turn %1 on or off</source>
        <translation>开启或关闭 %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="363" />
        <source>No MCP server yet: add one to give the model tools.</source>
        <translation>还没有 MCP 服务器：添加一个即可为模型提供工具。</translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="368" />
        <source>%1: %2 tools</source>
        <translation>%1：%2 个工具</translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="373" />
        <source>%1 could not start: %2</source>
        <translation>%1 无法启动：%2</translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="102" />
        <location filename="../../app/ui/mcp_page.py" line="374" />
        <source>unknown error</source>
        <translation>未知错误</translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="60" />
        <source>Give the command that starts the server (such as npx or python).</source>
        <extracomment>how often the states are read while a server is starting</extracomment>
        <translation>请填写启动服务器的命令（例如 npx 或 python）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="65" />
        <source>The arguments do not parse (%1): close the quotes.</source>
        <translation>无法解析参数（%1）：请补全引号。</translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="74" />
        <source>The address must start with http:// or https://.</source>
        <translation>地址必须以 http:// 或 https:// 开头。</translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="84" />
        <source>The snippet is not JSON: %1 (line %2).</source>
        <translation>该片段不是 JSON：%1（第 %2 行）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="90" />
        <source>Paste servers in the mcp.json format: {"mcpServers": {"name": {"command": "...", "args": [...]}}}.</source>
        <translation>请按 mcp.json 格式粘贴服务器：{"mcpServers": {"name": {"command": "...", "args": [...]}}}。</translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="98" />
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="100" />
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="102" />
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="103" />
        <source>Off</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="376" />
        <source>%1 is starting…</source>
        <translation>%1 正在启动…</translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="378" />
        <source>%1 is off: turn it on to list its tools.</source>
        <translation>%1 已关闭：开启后即可列出它的工具。</translation>
    </message>
    <message>
        <location filename="../../app/ui/mcp_page.py" line="407" />
        <source>Hide input schema</source>
        <translation>隐藏输入模式</translation>
    </message>
</context>
<context>
    <name>MessageView</name>
    <message>
        <location filename="../../app/ui/message_view.py" line="82" />
        <source>first token %1 s</source>
        <extracomment>how often a streaming reply is repainted (tokens arriving in between are batched)</extracomment>
        <translation>首个词元 %1 秒</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="84" />
        <source>%1 tok/s</source>
        <translation>%1 词元/秒</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="86" />
        <source>%1 of %2 prompt tokens from cache</source>
        <translation>提示词元 %2 个中 %1 个来自缓存</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="92" />
        <source>images %1 s</source>
        <translation>图片 %1 秒</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="165" />
        <source>Message text</source>
        <extracomment>seconds the reply's images took (shown in the footer), when known the tool calls of this reply, by call id show a reply that is JSON formatted, with "Copy JSON" (the conversation asks for JSON) the reply's JSON, indented, when it is shown formatted</extracomment>
        <translation>消息文本</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="170" />
        <source>Images in this message</source>
        <translation>这条消息中的图片</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="187" />
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="187" />
        <source>Tool result</source>
        <translation>工具结果</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="188" />
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="191" />
        <source>Previous version</source>
        <translation>上一个版本</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="194" />
        <source>Next version</source>
        <translation>下一个版本</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="205" />
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="205" />
        <source>Copy this message</source>
        <translation>复制这条消息</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="207" />
        <source>Copy JSON</source>
        <translation>复制 JSON</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="208" />
        <source>Copy the reply's JSON</source>
        <translation>复制回复中的 JSON</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="212" />
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="212" />
        <source>Edit and send again as a new branch</source>
        <translation>编辑后作为新分支重新发送</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="214" />
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="215" />
        <source>Write a new reply beside this one</source>
        <translation>在旁边生成一个新回复</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="217" />
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="217" />
        <source>Delete this message and its replies</source>
        <translation>删除这条消息及其回复</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="268" />
        <source>Sources:</source>
        <translation>来源：</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="273" />
        <source>Open %1</source>
        <translation>打开 %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="274" />
        <source>Open source %1</source>
        <translation>打开来源 %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="355" />
        <source>Writing…</source>
        <translation>正在输入…</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="429" />
        <source>Stopped by you.</source>
        <translation>已由你停止。</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="431" />
        <source>Length limit reached — raise the maximum reply length in the conversation's settings for longer replies.</source>
        <translation>已达到长度上限——如需更长的回复，请在对话设置中调高最大回复长度。</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="434" />
        <source>Hearth was closed before this reply finished.</source>
        <translation>此回复完成前 Hearth 已关闭。</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="436" />
        <source>Engine error: %1</source>
        <translation>引擎错误：%1</translation>
    </message>
    <message>
        <source>This reply failed: %1</source>
        <translation type="vanished">此回复失败：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/message_view.py" line="438" />
        <source>Stopped before the end.</source>
        <translation>在结束前已停止。</translation>
    </message>
</context>
<context>
    <name>ModelsPage</name>
    <message>
        <location filename="../../app/ui/models_page.py" line="121" />
        <location filename="../../app/ui/models_page.py" line="126" />
        <source>Installed models</source>
        <extracomment>the catalog's column of estimated speed on this machine the installed list was (re)shown the catalog was shown a model was added or removed (the window refreshes its model pickers) the Import button was pressed (the window asks for the file and imports it) a download ended (LibraryModel or the exception) a download reported progress or a step (DownloadProgress or DownloadStatus)</extracomment>
        <translation>已安装的模型</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="123" />
        <location filename="../../app/ui/models_page.py" line="154" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="123" />
        <location filename="../../app/ui/models_page.py" line="155" />
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="123" />
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="124" />
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="124" />
        <location filename="../../app/ui/models_page.py" line="155" />
        <source>Fit</source>
        <translation>适配</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="124" />
        <source>Last used</source>
        <translation>上次使用</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="131" />
        <source>Disk used by models</source>
        <translation>模型占用的磁盘空间</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="136" />
        <source>Import GGUF…</source>
        <translation>导入 GGUF…</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="137" />
        <source>Show in file manager</source>
        <translation>在文件管理器中显示</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="138" />
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="145" />
        <location filename="../../app/ui/models_page.py" line="158" />
        <source>Model catalog</source>
        <translation>模型目录</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="154" />
        <source>Description</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="156" />
        <source>License</source>
        <translation>许可证</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="163" />
        <source>Download progress</source>
        <translation>下载进度</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="167" />
        <source>Download status</source>
        <translation>下载状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="174" />
        <source>Cancel download</source>
        <translation>取消下载</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="155" />
        <location filename="../../app/ui/models_page.py" line="176" />
        <location filename="../../app/ui/models_page.py" line="280" />
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="148" />
        <source>Search the catalog: name, language (zh, fr…), kind (embedding)…</source>
        <translation>搜索目录：名称、语言（zh、fr…）、类型（embedding）…</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="149" />
        <source>Search the catalog</source>
        <translation>搜索目录</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="156" />
        <source>Speed here</source>
        <translation>本机速度</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="172" />
        <location filename="../../app/ui/models_page.py" line="460" />
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="179" />
        <source>Download error</source>
        <translation>下载错误</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="222" />
        <source>Sees images through its projector: %1</source>
        <translation>通过投影器看图：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="225" />
        <source>The file is missing: %1</source>
        <translation>文件不存在：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="231" />
        <source>Disk used: %1 (%2 in Hearth's folder, %3 linked)</source>
        <translation>已用磁盘：%1（Hearth 文件夹中 %2，链接 %3）</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="240" />
        <source>built in</source>
        <translation>内置</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="240" />
        <source>imported</source>
        <translation>已导入</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="241" />
        <source>Ollama</source>
        <translation>Ollama</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="245" />
        <source>HF folder</source>
        <translation>HF 文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="246" />
        <source>%1, sees images</source>
        <translation>%1，能看图</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="252" />
        <source>%1 (sees images)</source>
        <translation>%1（能看图）</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="255" />
        <source>fits</source>
        <translation>可运行</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="255" />
        <source>tight</source>
        <translation>勉强</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="255" />
        <source>too slow</source>
        <translation>太慢</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="256" />
        <source>too large</source>
        <translation>太大</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="256" />
        <source>needs a GPU</source>
        <translation>需要 GPU</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="261" />
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="279" />
        <source>Resume download</source>
        <translation>继续下载</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="293" />
        <source>Delete %1? Its file (%2) is deleted from Hearth's folder.</source>
        <translation>删除 %1？其文件（%2）将从 Hearth 文件夹中删除。</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="295" />
        <source>Remove %1 from the library? Its file (%2) stays where it is.</source>
        <translation>从模型库中移除 %1？其文件（%2）保留在原处。</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="297" />
        <source>Delete model</source>
        <translation>删除模型</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="307" />
        <source>%1 deleted; %2 freed.</source>
        <translation>已删除 %1；释放了 %2。</translation>
    </message>
    <message>
        <source>Import a GGUF model</source>
        <translation type="vanished">导入 GGUF 模型</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation type="vanished">GGUF 模型 (*.gguf);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Checking %1…</source>
        <translation type="vanished">正在检查 %1…</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="487" />
        <source>%1 is ready to use.</source>
        <translation>%1 已可使用。</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="378" />
        <source>Catalog entry: %1</source>
        <translation>目录条目:%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="343" />
        <source>sees images</source>
        <translation>能看图</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="373" />
        <source>≈ %1 tokens/s</source>
        <translation>≈ 每秒 %1 个词元</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="384" />
        <source>paused at %1 of %2</source>
        <translation>已暂停：%1 / %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="405" />
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="432" />
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="434" />
        <source>Paused at %1 of %2</source>
        <translation>已暂停：%1 / %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="436" />
        <source>Paused at %1</source>
        <translation>已暂停：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="442" />
        <source>%1/s</source>
        <translation>%1/秒</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="444" />
        <source>%1 left</source>
        <translation>剩余 %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="453" />
        <source>Resuming…</source>
        <translation>正在继续…</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="456" />
        <source>Pausing…</source>
        <translation>正在暂停…</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="460" />
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="505" />
        <location filename="../../app/ui/models_page.py" line="506" />
        <source>Download failed: %1</source>
        <translation>下载失败：%1</translation>
    </message>
    <message>
        <source>%1 s left</source>
        <translation type="vanished">剩余 %1 秒</translation>
    </message>
    <message>
        <location filename="../../app/ui/models_page.py" line="467" />
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
</context>
<context>
    <name>NoticeBar</name>
    <message>
        <location filename="../../app/ui/notice.py" line="22" />
        <source>Notice</source>
        <translation>通知</translation>
    </message>
    <message>
        <location filename="../../app/ui/notice.py" line="27" />
        <location filename="../../app/ui/notice.py" line="28" />
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>PerformanceView</name>
    <message>
        <location filename="../../app/ui/performance_view.py" line="141" />
        <source>Performance</source>
        <translation>性能</translation>
    </message>
    <message>
        <location filename="../../app/ui/performance_view.py" line="143" />
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../app/ui/performance_view.py" line="148" />
        <source>Every model load and every reply is timed. Lower is better for load time and time to first token; higher is better for tokens per second.</source>
        <translation>每次模型加载和每条回复都会计时。加载时间和首个词元时间越低越好；每秒词元数越高越好。</translation>
    </message>
    <message>
        <location filename="../../app/ui/performance_view.py" line="151" />
        <source>Model ready after</source>
        <translation>模型就绪用时</translation>
    </message>
    <message>
        <location filename="../../app/ui/performance_view.py" line="151" />
        <location filename="../../app/ui/performance_view.py" line="152" />
        <source>s</source>
        <translation>秒</translation>
    </message>
    <message>
        <location filename="../../app/ui/performance_view.py" line="152" />
        <source>Time to first token</source>
        <translation>首个词元用时</translation>
    </message>
    <message>
        <location filename="../../app/ui/performance_view.py" line="153" />
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <location filename="../../app/ui/performance_view.py" line="153" />
        <source>tokens/s</source>
        <translation>词元/秒</translation>
    </message>
    <message>
        <location filename="../../app/ui/performance_view.py" line="166" />
        <source>%1 loads and %2 replies measured.</source>
        <translation>已测量 %1 次加载和 %2 条回复。</translation>
    </message>
    <message>
        <location filename="../../app/ui/performance_view.py" line="170" />
        <source>Median %1: %2</source>
        <translation>%1 中位数：%2</translation>
    </message>
</context>
<context>
    <name>ReplyRenderer</name>
    <message>
        <location filename="../../app/ui/markdown_render.py" line="104" />
        <source>Copy</source>
        <translation>复制</translation>
    </message>
</context>
<context>
    <name>ServerPage</name>
    <message>
        <location filename="../../app/ui/server_page.py" line="273" />
        <source>Server</source>
        <extracomment>rows the requests table keeps (the log itself keeps the last 200) how often the loaded models and their queues are read while the page is on screen what the snippets send when the server needs no key (the openai client wants one) below this width the address and key boxes stand one above the other the key as the page shows it while hidden the keyring could not be read (the server runs without a key, on this computer only) the server listens (argument: its address, with the real port) the server stopped it could not start (argument: the sentence shown) new server settings to use and save (argument: the whole Settings); the window applies and saves them as it does the settings dialog's the key was read, made or removed (the key field and snippets show it) a request the server answered is in the table (argument: its RequestRecord) the loaded models table was refreshed from the server's threads to the GUI thread the key the server requires (None: none); known once read from the keyring the key could not be kept in the keyring: it lasts this session only what the keyring said when it failed (shown under the key)</extracomment>
        <translation>服务器</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="275" />
        <source>Other programs on this computer can use Hearth's models through an OpenAI- or Anthropic-compatible API. They share the models and the queue with your chats.</source>
        <translation>本机上的其他程序可以通过兼容 OpenAI 或 Anthropic 的 API 使用 Hearth 的模型。它们与你的对话共用模型和排队。</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="284" />
        <location filename="../../app/ui/server_page.py" line="415" />
        <source>Last requests</source>
        <translation>最近的请求</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="285" />
        <location filename="../../app/ui/server_page.py" line="431" />
        <source>Loaded models</source>
        <translation>已加载的模型</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="286" />
        <source>Connect a program</source>
        <translation>连接程序</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="314" />
        <location filename="../../app/ui/server_page.py" line="537" />
        <source>Start</source>
        <translation>启动</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="315" />
        <source>Start or stop the server</source>
        <translation>启动或停止服务器</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="322" />
        <source>Server address</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="328" />
        <source>Server status</source>
        <translation>服务器状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="331" />
        <source>Copy address</source>
        <translation>复制地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="337" />
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="341" />
        <source>Host</source>
        <translation>主机</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="342" />
        <source>127.0.0.1: this computer only. Any other address lets other computers connect and needs a key.</source>
        <translation>127.0.0.1：仅限本机。其他任何地址都允许其他计算机连接，并且需要密钥。</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="346" />
        <source>&amp;Host:</source>
        <translation>主机(&amp;H)：</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="348" />
        <source>any free port</source>
        <translation>任意空闲端口</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="349" />
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="351" />
        <source>&amp;Port:</source>
        <translation>端口(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="353" />
        <source>None (web pages cannot call it)</source>
        <translation>无（网页不能调用）</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="354" />
        <source>Web pages whose scripts may call the API from a browser, separated by commas, such as http://localhost:5173</source>
        <translation>允许其脚本从浏览器调用此 API 的网页（来源），用逗号分隔，例如 http://localhost:5173</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="357" />
        <source>Allowed web origins</source>
        <translation>允许的网页来源</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="359" />
        <source>&amp;Web origins:</source>
        <translation>网页来源(&amp;W)：</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="360" />
        <source>Start with the window</source>
        <translation>随窗口启动</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="364" />
        <source>Stop the server to change where it listens.</source>
        <translation>要更改监听地址，请先停止服务器。</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="368" />
        <source>Address problem</source>
        <translation>地址问题</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="374" />
        <location filename="../../app/ui/server_page.py" line="378" />
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="379" />
        <source>No key</source>
        <translation>无密钥</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="382" />
        <location filename="../../app/ui/server_page.py" line="771" />
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="383" />
        <source>Show the key</source>
        <translation>显示密钥</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="386" />
        <location filename="../../app/ui/server_page.py" line="449" />
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="387" />
        <source>Copy the key</source>
        <translation>复制密钥</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="391" />
        <source>New key</source>
        <translation>新密钥</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="392" />
        <source>Make a new random key and keep it in the OS keyring; the old one stops working</source>
        <translation>生成一个新的随机密钥并保存在系统密钥环中；旧密钥随即失效</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="396" />
        <source>Remove key</source>
        <translation>移除密钥</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="397" />
        <source>Serve without a key (this computer only)</source>
        <translation>不使用密钥提供服务（仅限本机）</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="402" />
        <source>Key status</source>
        <translation>密钥状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="412" />
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="412" />
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="412" />
        <source>Path</source>
        <translation>路径</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="412" />
        <location filename="../../app/ui/server_page.py" line="428" />
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="413" />
        <source>Status</source>
        <translation>状态码</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="413" />
        <source>Duration</source>
        <translation>耗时</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="413" />
        <source>First token</source>
        <translation>首个词元</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="414" />
        <source>Tokens in → out</source>
        <translation>词元 输入 → 输出</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="414" />
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="419" />
        <source>No requests yet. Start the server, then point a program at the address above ("Connect a program" shows how).</source>
        <translation>还没有请求。启动服务器，然后让程序连接上方的地址（“连接程序”中有示例）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="428" />
        <source>Engine</source>
        <translation>引擎</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="429" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="429" />
        <source>Waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="430" />
        <source>Idle for</source>
        <translation>已空闲</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="435" />
        <source>No model is loaded. The first request (or chat) loads the model it names.</source>
        <translation>尚未加载模型。第一个请求（或对话）会加载它指定的模型。</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="445" />
        <source>curl</source>
        <translation>curl</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="445" />
        <source>Python (openai)</source>
        <translation>Python（openai）</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="450" />
        <source>Copy the %1 snippet</source>
        <translation>复制 %1 代码片段</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="519" />
        <source>%1 (the port is chosen when it starts)</source>
        <translation>%1（端口在启动时选定）</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="537" />
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="546" />
        <source>Listening. Programs on this computer can connect with OpenAI and Anthropic clients.</source>
        <translation>正在监听。本机上的程序可以用 OpenAI 和 Anthropic 客户端连接。</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="549" />
        <source>Listening. Other computers can connect too, with the key.</source>
        <translation>正在监听。其他计算机凭密钥也可以连接。</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="552" />
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="566" />
        <source>Anthropic clients (the anthropic package, Claude tools) take the address without /v1: %1</source>
        <translation>Anthropic 客户端（anthropic 软件包、Claude 工具）使用不带 /v1 的地址：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="595" />
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="596" />
        <source>Starting on %1…</source>
        <translation>正在 %1 上启动…</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="626" />
        <location filename="../../app/ui/server_page.py" line="627" />
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="671" />
        <source>Enter the address to listen on, such as 127.0.0.1.</source>
        <translation>请输入要监听的地址，例如 127.0.0.1。</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="695" />
        <source>Reading the OS keyring…</source>
        <translation>正在读取系统密钥环…</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="756" />
        <source>This key lasts until Hearth closes: it could not be kept.</source>
        <translation>此密钥无法保存，仅在 Hearth 关闭前有效。</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="758" />
        <source>Clients must send this key (Authorization: Bearer, or x-api-key). It is kept in the OS keyring.</source>
        <translation>客户端必须发送此密钥（Authorization: Bearer 或 x-api-key）。它保存在系统密钥环中。</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="761" />
        <source>No key. Listening on %1 lets other computers connect, so it needs one: press New key.</source>
        <translation>无密钥。监听 %1 会允许其他计算机连接，因此需要密钥：请点击“新密钥”。</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="764" />
        <source>No key: only programs on this computer can connect (listen on 127.0.0.1).</source>
        <translation>无密钥：只有本机上的程序可以连接（监听 127.0.0.1）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="771" />
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="777" />
        <source>Copied.</source>
        <translation>已复制。</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="787" />
        <source>busy</source>
        <translation>忙碌</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="787" />
        <source>idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_page.py" line="788" />
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="116" />
        <source>Hearth settings</source>
        <extracomment>the sampling rows, in order (their bounds and tooltips come from ``Sampling``)</extracomment>
        <translation>Hearth 设置</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="120" />
        <location filename="../../app/ui/settings_dialog.py" line="127" />
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="124" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="125" />
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="127" />
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="128" />
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="131" />
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="132" />
        <source>&amp;Theme:</source>
        <translation>主题(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="136" />
        <source>Default model</source>
        <translation>默认模型</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="137" />
        <source>Default &amp;model:</source>
        <translation>默认模型(&amp;M)：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="139" />
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="139" />
        <source>Te&amp;mperature:</source>
        <translation>温度(&amp;M)：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="140" />
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="140" />
        <source>Top-&amp;p:</source>
        <translation>Top-p(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="141" />
        <source>Maximum reply length</source>
        <translation>最大回复长度</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="141" />
        <source>Max&amp;imum reply tokens:</source>
        <translation>最大回复词元数(&amp;I)：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="142" />
        <source>Context length</source>
        <translation>上下文长度</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="142" />
        <source>&amp;Context length:</source>
        <translation>上下文长度(&amp;C)：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="145" />
        <source>CPU threads</source>
        <translation>CPU 线程数</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="146" />
        <source>automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="148" />
        <source>CPU t&amp;hreads:</source>
        <translation>CPU 线程数(&amp;H)：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="155" />
        <source>A new language applies the next time Hearth starts.</source>
        <translation>新的语言将在下次启动 Hearth 时生效。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="168" />
        <source>Exact (f16)</source>
        <translation>精确（f16）</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="169" />
        <source>Half the memory (q8_0)</source>
        <translation>一半内存（q8_0）</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="170" />
        <source>A quarter of the memory (q4_0, a little less accurate)</source>
        <translation>四分之一内存（q4_0，精度略低）</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="174" />
        <source>Conversation memory</source>
        <translation>对话内存</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="175" />
        <source>How llama.cpp keeps the conversation in memory (its KV cache). Smaller leaves room for longer contexts and larger models; it applies when a model is next loaded.</source>
        <translation>llama.cpp 在内存中保存对话的方式（KV 缓存）。越小越能容纳更长的上下文和更大的模型；下次加载模型时生效。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="179" />
        <source>Con&amp;versation memory:</source>
        <translation>对话内存(&amp;V)：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="184" />
        <source>Hugging Face (huggingface.co)</source>
        <translation>Hugging Face（huggingface.co）</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="185" />
        <source>hf-mirror.com (a mirror that works well in China)</source>
        <translation>hf-mirror.com（在中国访问顺畅的镜像）</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="187" />
        <source>ModelScope (modelscope.cn)</source>
        <translation>魔搭 ModelScope（modelscope.cn）</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="190" />
        <source>Download models from</source>
        <translation>模型下载来源</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="191" />
        <source>Tried first for every download; when it fails, the other locations are tried in turn.</source>
        <translation>每次下载都先尝试这里；失败时依次尝试其他来源。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="193" />
        <source>&amp;Download models from:</source>
        <translation>模型下载来源(&amp;D)：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="198" />
        <source>Use the system's proxy settings</source>
        <translation>使用系统代理设置</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="199" />
        <source>No proxy (connect directly)</source>
        <translation>不使用代理（直接连接）</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="200" />
        <source>Manual proxy</source>
        <translation>手动设置代理</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="203" />
        <source>Proxy for downloads</source>
        <translation>下载代理</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="204" />
        <source>Download &amp;proxy:</source>
        <translation>下载代理(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="207" />
        <source>Proxy address</source>
        <translation>代理地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="208" />
        <source>Proxy &amp;address:</source>
        <translation>代理地址(&amp;A)：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="220" />
        <source>Unload idle models after</source>
        <translation>空闲模型卸载时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="221" />
        <source>never</source>
        <translation>从不</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="222" />
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="224" />
        <source>&amp;Unload a model after it has been idle (minutes):</source>
        <translation>模型空闲多久后卸载（分钟）(&amp;U)：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="226" />
        <source>Replies that may wait</source>
        <translation>可排队等待的回复数</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="228" />
        <source>Replies that may &amp;wait:</source>
        <translation>可排队等待的回复数(&amp;W)：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="230" />
        <source>The last conversation's collections</source>
        <translation>上一个对话的文档集</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="231" />
        <source>No collections</source>
        <translation>不使用文档集</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="235" />
        <source>New conversations consult</source>
        <translation>新对话参考</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="237" />
        <source>Which documents a new chat searches before you choose in its Knowledge menu.</source>
        <translation>在你通过“知识”菜单选择之前，新对话会检索哪些文档。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="238" />
        <source>New conversations &amp;consult:</source>
        <translation>新对话参考(&amp;C)：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="250" />
        <source>Type the proxy's address, e.g. http://proxy.example.com:8080 or socks5://127.0.0.1:1080.</source>
        <translation>请输入代理地址，例如 http://proxy.example.com:8080 或 socks5://127.0.0.1:1080。</translation>
    </message>
</context>
<context>
    <name>Sidebar</name>
    <message>
        <location filename="../../app/ui/sidebar.py" line="39" />
        <location filename="../../app/ui/sidebar.py" line="41" />
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <location filename="../../app/ui/sidebar.py" line="40" />
        <source>Start a new conversation (Ctrl+N)</source>
        <translation>开始新对话（Ctrl+N）</translation>
    </message>
    <message>
        <location filename="../../app/ui/sidebar.py" line="44" />
        <location filename="../../app/ui/sidebar.py" line="46" />
        <source>Search conversations</source>
        <translation>搜索对话</translation>
    </message>
    <message>
        <location filename="../../app/ui/sidebar.py" line="54" />
        <source>Conversations</source>
        <translation>对话列表</translation>
    </message>
    <message>
        <location filename="../../app/ui/sidebar.py" line="93" />
        <source>New conversation</source>
        <translation>新对话</translation>
    </message>
    <message>
        <location filename="../../app/ui/sidebar.py" line="99" />
        <source>%1 (writing a reply)</source>
        <translation>%1（正在写回复）</translation>
    </message>
    <message>
        <location filename="../../app/ui/sidebar.py" line="150" />
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <location filename="../../app/ui/sidebar.py" line="152" />
        <source>Delete</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>StructuredOutputDialog</name>
    <message>
        <location filename="../../app/ui/structured_dialog.py" line="45" />
        <source>A person</source>
        <extracomment>how long after the last key the schema or grammar is checked schemas to start from: (title, schema)</extracomment>
        <translation>一个人</translation>
    </message>
    <message>
        <location filename="../../app/ui/structured_dialog.py" line="55" />
        <source>A to-do list</source>
        <translation>待办事项清单</translation>
    </message>
    <message>
        <location filename="../../app/ui/structured_dialog.py" line="77" />
        <source>A sentiment label</source>
        <translation>情感标签</translation>
    </message>
    <message>
        <location filename="../../app/ui/structured_dialog.py" line="90" />
        <source>Yes or no</source>
        <extracomment>grammars to start from: (title, GBNF)</extracomment>
        <translation>是或否</translation>
    </message>
    <message>
        <location filename="../../app/ui/structured_dialog.py" line="91" />
        <source>A small XML record</source>
        <translation>一条简短的 XML 记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/structured_dialog.py" line="110" />
        <source>Structured output</source>
        <extracomment>a check ended and its outcome is shown (argument: the problem, "" when valid)</extracomment>
        <translation>结构化输出</translation>
    </message>
    <message>
        <location filename="../../app/ui/structured_dialog.py" line="124" />
        <source>Every reply of this conversation follows the format chosen here: the model is held to it while it writes, so the reply always parses.</source>
        <translation>本对话的每条回复都遵循这里选择的格式：模型在生成时就受到约束，因此回复总能被解析。</translation>
    </message>
    <message>
        <location filename="../../app/ui/structured_dialog.py" line="130" />
        <location filename="../../app/ui/structured_dialog.py" line="275" />
        <source>Free text</source>
        <translation>自由文本</translation>
    </message>
    <message>
        <location filename="../../app/ui/structured_dialog.py" line="131" />
        <source>JSON (any object)</source>
        <translation>JSON（任意对象）</translation>
    </message>
    <message>
        <location filename="../../app/ui/structured_dialog.py" line="132" />
        <source>JSON that follows a schema</source>
        <translation>符合模式的 JSON</translation>
    </message>
    <message>
        <location filename="../../app/ui/structured_dialog.py" line="133" />
        <source>Text that follows a grammar (GBNF)</source>
        <translation>符合语法的文本（GBNF）</translation>
    </message>
    <message>
        <location filename="../../app/ui/structured_dialog.py" line="141" />
        <source>Start from an example:</source>
        <translation>从示例开始：</translation>
    </message>
    <message>
        <location filename="../../app/ui/structured_dialog.py" line="143" />
        <source>Examples</source>
        <translation>示例</translation>
    </message>
    <message>
        <location filename="../../app/ui/structured_dialog.py" line="150" />
        <source>Schema or grammar</source>
        <translation>模式或语法</translation>
    </message>
    <message>
        <location filename="../../app/ui/structured_dialog.py" line="209" />
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../../app/ui/structured_dialog.py" line="218" />
        <source>{"type": "object", "properties": {...}}</source>
        <translation>{"type": "object", "properties": {...}}</translation>
    </message>
    <message>
        <location filename="../../app/ui/structured_dialog.py" line="219" />
        <source>root ::= "yes" | "no"</source>
        <translation>root ::= "yes" | "no"</translation>
    </message>
    <message>
        <location filename="../../app/ui/structured_dialog.py" line="259" />
        <source>The schema is valid.</source>
        <translation>模式有效。</translation>
    </message>
    <message>
        <location filename="../../app/ui/structured_dialog.py" line="260" />
        <source>The grammar is valid.</source>
        <translation>语法有效。</translation>
    </message>
    <message>
        <location filename="../../app/ui/structured_dialog.py" line="270" />
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <location filename="../../app/ui/structured_dialog.py" line="272" />
        <source>JSON schema</source>
        <translation>JSON 模式</translation>
    </message>
    <message>
        <location filename="../../app/ui/structured_dialog.py" line="274" />
        <source>Grammar</source>
        <translation>语法</translation>
    </message>
</context>
<context>
    <name>ToolCallCard</name>
    <message>
        <location filename="../../app/ui/tool_call_view.py" line="140" />
        <source>Tool call: %1</source>
        <extracomment>results longer than this (characters or lines) show collapsed, with "Show all" the user answered (argument: "once", "always" or "deny")</extracomment>
        <translation>工具调用：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/tool_call_view.py" line="152" />
        <source>Arguments</source>
        <translation>参数</translation>
    </message>
    <message>
        <location filename="../../app/ui/tool_call_view.py" line="157" />
        <source>Allow once</source>
        <translation>允许一次</translation>
    </message>
    <message>
        <location filename="../../app/ui/tool_call_view.py" line="158" />
        <source>Always allow in this conversation</source>
        <translation>在本对话中始终允许</translation>
    </message>
    <message>
        <location filename="../../app/ui/tool_call_view.py" line="159" />
        <source>Deny</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <location filename="../../app/ui/tool_call_view.py" line="175" />
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../app/ui/tool_call_view.py" line="178" />
        <location filename="../../app/ui/tool_call_view.py" line="250" />
        <source>Show all</source>
        <translation>全部显示</translation>
    </message>
    <message>
        <location filename="../../app/ui/tool_call_view.py" line="192" />
        <source>The model wants to call this tool. Allow it?</source>
        <translation>模型想要调用此工具。是否允许？</translation>
    </message>
    <message>
        <location filename="../../app/ui/tool_call_view.py" line="204" />
        <source>Denied: the model is told you refused.</source>
        <translation>已拒绝：将告知模型你拒绝了调用。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tool_call_view.py" line="205" />
        <source>Running…</source>
        <translation>正在运行…</translation>
    </message>
    <message>
        <location filename="../../app/ui/tool_call_view.py" line="216" />
        <source>Denied: the model was told you refused.</source>
        <translation>已拒绝：已告知模型你拒绝了调用。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tool_call_view.py" line="218" />
        <source>The call failed; the model was told why:</source>
        <translation>调用失败；已告知模型原因：</translation>
    </message>
    <message>
        <location filename="../../app/ui/tool_call_view.py" line="219" />
        <source>Allowed always in this conversation.</source>
        <translation>已在本对话中始终允许。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tool_call_view.py" line="220" />
        <source>Allowed once.</source>
        <translation>已允许一次。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tool_call_view.py" line="222" />
        <source>Ran in %1 s.</source>
        <translation>用时 %1 秒。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tool_call_view.py" line="239" />
        <source>No result was stored for this call.</source>
        <translation>此调用没有保存结果。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tool_call_view.py" line="243" />
        <source>Allowed.</source>
        <translation>已允许。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tool_call_view.py" line="250" />
        <source>Show less</source>
        <translation>收起</translation>
    </message>
</context>
<context>
    <name>ToolsButton</name>
    <message>
        <location filename="../../app/ui/chat_view.py" line="421" />
        <source>Tools</source>
        <translation>工具</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="422" />
        <source>The MCP servers whose tools this conversation may call; each call asks you first</source>
        <translation>本对话可以调用其工具的 MCP 服务器；每次调用都会先征得你的同意</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="437" />
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="438" />
        <source>Tools: %1</source>
        <translation>工具：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="448" />
        <source>%1 (turned off on the MCP page)</source>
        <translation>%1（已在 MCP 页面关闭）</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="457" />
        <source>No MCP servers yet</source>
        <translation>还没有 MCP 服务器</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="459" />
        <source>Add or turn on servers on the MCP page…</source>
        <translation>在 MCP 页面添加或开启服务器…</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <location filename="../../app/ui/welcome.py" line="22" />
        <source>Welcome to Hearth</source>
        <translation>欢迎使用 Hearth</translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome.py" line="30" />
        <source>Import a GGUF file…</source>
        <translation>导入 GGUF 文件…</translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome.py" line="31" />
        <source>Use a .gguf model file from this computer. You can also drop it onto the window.</source>
        <translation>使用这台电脑上的 .gguf 模型文件。也可以把它拖到窗口上。</translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome.py" line="34" />
        <source>Browse the model catalog…</source>
        <translation>浏览模型目录…</translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome.py" line="41" />
        <source>Tip: drop a .gguf file anywhere on this window to import it.</source>
        <translation>提示：把 .gguf 文件拖到窗口任意位置即可导入。</translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome.py" line="51" />
        <source>Start chatting with %1</source>
        <translation>开始与 %1 聊天</translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome.py" line="53" />
        <source>Chat with language models on your own computer. Nothing you type leaves it.</source>
        <translation>在你自己的电脑上与语言模型聊天。你输入的内容不会离开这台电脑。</translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome.py" line="57" />
        <source>No model is installed yet. Import a GGUF model file to begin.</source>
        <translation>还没有安装模型。导入一个 GGUF 模型文件即可开始。</translation>
    </message>
</context>
</TS>