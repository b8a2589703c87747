"""The training loop: LoRA with PEFT on the dequantised weights of the base GGUF.

Runs only inside the worker process (app.finetune.worker). Training on the exact
GGUF used for inference keeps adapter and model matched. The loop is our own rather
than transformers' Trainer so that every step can report progress, stop cleanly
between steps (pause/cancel), and resume bit-for-bit from a checkpoint: the adapter
weights, the optimiser and scheduler state, and the step count are all saved, and
the batch order is a pure function of the step (encode.batch_order).
"""

from __future__ import annotations

import logging
import math
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.finetune.config import RunFolder, TrainSettings, write_json_atomic
from app.finetune.encode import IGNORE, batch_order, defuser, encode_example, read_examples

log = logging.getLogger(__name__)

Emit = Callable[[dict[str, Any]], None]
# control() returns None to go on, or "pause" / "cancel" to stop after this step.
Control = Callable[[], str | None]

MAX_EVAL_EXAMPLES = 32


def load_base(gguf_path: str | Path, device: str):
    """(tokenizer, model) from the GGUF, weights dequantised to float32."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer, GgufConfig
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    path = Path(gguf_path)
    tokenizer = AutoTokenizer.from_pretrained(str(path.parent), gguf_file=path.name)
    model = AutoModelForCausalLM.from_pretrained(
        str(path.parent),
        gguf_file=path.name,
        quantization_config=GgufConfig(dequantize=True),
        dtype=torch.float32,
    )
    return tokenizer, model.to(device)


def pick_device(wanted: str) -> str:
    import torch

    if wanted == "cuda" or (wanted == "auto" and torch.cuda.is_available()):
        if not torch.cuda.is_available():
            raise RuntimeError("CUDA was asked for but torch sees no GPU")
        return "cuda"
    return "cpu"


def chat_renderer(tokenizer):
    """The engine's sandboxed template renderer for this model's own chat template."""
    from app.engine.templates import ChatTemplate, choose_template

    template, source = choose_template(None, tokenizer.chat_template)
    return ChatTemplate(
        template,
        bos_token=tokenizer.bos_token or "",
        eos_token=tokenizer.eos_token or "",
        source=source,
    ).render


def encode_file(path: Path, tokenizer, max_length: int) -> list[tuple[list[int], list[int]]]:
    render = chat_renderer(tokenizer)

    def tokenize(text: str) -> list[int]:
        return tokenizer(text, add_special_tokens=False)["input_ids"]

    defuse = defuser(t.content for t in tokenizer.added_tokens_decoder.values() if t.special)
    encoded = []
    for messages in read_examples(path) if path.exists() else []:
        messages = [defuse(m) for m in messages]
        ids, labels = encode_example(messages, render, tokenize, max_length)
        if any(label != IGNORE for label in labels):
            encoded.append((ids, labels))
    return encoded


def collate(rows, pad_id: int, device: str):
    """Right-padded tensors; padding has no attention and no loss."""
    import torch

    width = max(len(ids) for ids, _ in rows)
    input_ids = torch.full((len(rows), width), pad_id, dtype=torch.long)
    labels = torch.full((len(rows), width), IGNORE, dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    for row, (ids, labs) in enumerate(rows):
        input_ids[row, : len(ids)] = torch.tensor(ids)
        labels[row, : len(labs)] = torch.tensor(labs)
        mask[row, : len(ids)] = 1
    return input_ids.to(device), labels.to(device), mask.to(device)


def make_lora_model(model, settings: TrainSettings):
    from peft import LoraConfig, get_peft_model

    config = LoraConfig(
        r=settings.rank,
        lora_alpha=settings.alpha,
        lora_dropout=settings.dropout,
        target_modules=list(settings.target_modules),
        bias="none",
        task_type="CAUSAL_LM",
    )
    return get_peft_model(model, config)


def lr_factor(step: int, total: int, warmup: int) -> float:
    """Linear warm-up, then cosine decay to 10% of the learning rate."""
    if step < warmup:
        return (step + 1) / warmup
    progress = (step - warmup) / max(1, total - warmup)
    return 0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(1.0, progress)))


def run(folder: RunFolder, emit: Emit, control: Control) -> str:
    """Train the run in `folder` from its checkpoint (or the start); return the status."""
    import torch

    info = folder.info()
    settings = info.settings
    settings.validate()
    if settings.threads:
        torch.set_num_threads(settings.threads)
    device = pick_device(settings.device)
    emit({"type": "status", "text": f"loading {Path(info.base_model).name} on {device}"})
    torch.manual_seed(settings.seed)
    tokenizer, base = load_base(info.base_model, device)
    train = encode_file(folder.train_file, tokenizer, settings.max_length)
    validation = encode_file(folder.validation_file, tokenizer, settings.max_length)
    if not train:
        raise RuntimeError(
            "no example has an assistant reply within the maximum length "
            f"({settings.max_length} tokens): raise the maximum length"
        )
    pad_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0

    model = make_lora_model(base, settings)
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(
        params, lr=settings.learning_rate, weight_decay=settings.weight_decay
    )
    total = settings.total_steps(len(train))
    warmup = max(1, int(total * settings.warmup_fraction))
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: lr_factor(s, total, warmup))
    step = 0
    if folder.has_checkpoint():
        step = load_checkpoint(folder, model, optimizer, scheduler)
        emit({"type": "status", "text": f"resumed at step {step} of {total}"})
    eval_interval = settings.eval_interval(total)
    emit(
        {
            "type": "start",
            "step": step,
            "total": total,
            "device": device,
            "n_train": len(train),
            "n_validation": len(validation),
            "trainable_params": sum(p.numel() for p in params),
        }
    )
    model.train()
    started = time.perf_counter()
    tokens_done = 0
    first_step = step
    while step < total:
        request = control()
        if request in ("pause", "cancel"):
            save_checkpoint(folder, model, optimizer, scheduler, step)
            return "paused" if request == "pause" else "cancelled"
        rows = [train[i] for i in batch_order(len(train), settings.batch_size, step, settings.seed)]
        input_ids, labels, mask = collate(rows, pad_id, device)
        loss = model(input_ids=input_ids, attention_mask=mask, labels=labels).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad(set_to_none=True)
        step += 1
        tokens_done += int(mask.sum())
        elapsed = time.perf_counter() - started
        per_step = elapsed / (step - first_step)
        event = {
            "type": "step",
            "step": step,
            "total": total,
            "loss": loss.item(),
            "lr": scheduler.get_last_lr()[0],
            "tokens_per_s": tokens_done / elapsed if elapsed else 0.0,
            "tokens": tokens_done,  # since this process started training
            "elapsed_s": elapsed,
            "s_per_step": per_step,
            "eta_s": per_step * (total - step),
        }
        if validation and (step % eval_interval == 0 or step == total):
            event["val_loss"] = evaluate(model, validation, pad_id, device)
            model.train()
        emit(event)
        if step % settings.checkpoint_every == 0 and step < total:
            save_checkpoint(folder, model, optimizer, scheduler, step)
    finish(folder, model, emit)
    return "done"


def evaluate(model, rows, pad_id: int, device: str) -> float:
    """Mean loss per learned token over (up to 32 of) the validation examples."""
    import torch

    model.eval()
    total_loss = 0.0
    total_tokens = 0
    with torch.no_grad():
        for ids, labels in rows[:MAX_EVAL_EXAMPLES]:
            input_ids, label_t, mask = collate([(ids, labels)], pad_id, device)
            n = int((label_t[:, 1:] != IGNORE).sum())
            if n == 0:
                continue
            loss = model(input_ids=input_ids, attention_mask=mask, labels=label_t).loss
            total_loss += loss.item() * n
            total_tokens += n
    return total_loss / total_tokens if total_tokens else float("nan")


def save_checkpoint(folder: RunFolder, model, optimizer, scheduler, step: int) -> None:
    """Adapter + optimiser + scheduler + step, swapped in whole.

    The new checkpoint goes to its own folder (written as .partial, renamed when
    complete), then checkpoint.json is replaced to name it, then older checkpoints
    are removed: a kill at any point leaves one whole checkpoint named.
    """
    import shutil

    import torch

    previous = folder.checkpoint_dir
    # Never the folder in use: saving the same step twice (pause right after a
    # resume) alternates between two names.
    final = folder.path / f"checkpoint-{step:07d}"
    if final == previous:
        final = final.with_name(final.name + "-2")
    partial = final.with_name(final.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    model.save_pretrained(str(partial))
    torch.save(
        {"optimizer": optimizer.state_dict(), "scheduler": scheduler.state_dict()},
        partial / "optimizer.pt",
    )
    write_json_atomic(partial / "trainer.json", {"step": step})
    shutil.rmtree(final, ignore_errors=True)
    os.replace(partial, final)
    write_json_atomic(folder.checkpoint_pointer, {"dir": final.name, "step": step})
    for stale in folder.path.glob("checkpoint*"):
        if stale.is_dir() and stale != final:
            shutil.rmtree(stale, ignore_errors=True)
    folder.update_state(checkpoint_step=step)
    log.info("checkpoint at step %d", step)


def load_checkpoint(folder: RunFolder, model, optimizer, scheduler) -> int:
    import json

    import torch
    from peft import set_peft_model_state_dict
    from safetensors.torch import load_file

    ckpt = folder.checkpoint_dir
    weights = load_file(str(ckpt / "adapter_model.safetensors"))
    set_peft_model_state_dict(model, weights)
    state = torch.load(ckpt / "optimizer.pt", weights_only=True)
    optimizer.load_state_dict(state["optimizer"])
    scheduler.load_state_dict(state["scheduler"])
    return int(json.loads((ckpt / "trainer.json").read_text("utf-8"))["step"])


def finish(folder: RunFolder, model, emit: Emit) -> None:
    """Save the PEFT adapter and convert it into a llama.cpp GGUF LoRA adapter."""
    from app.finetune.gguf_export import export_adapter

    info = folder.info()
    emit({"type": "status", "text": "writing the GGUF adapter"})
    model.save_pretrained(str(folder.adapter_dir))
    result = export_adapter(
        folder.adapter_dir, Path(info.base_model), folder.adapter_gguf, name=info.name
    )
    emit({"type": "exported", "path": str(result.path), "tensors": result.n_tensors})
