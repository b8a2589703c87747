"""LoRA fine-tuning on the user's own material, Qt-free.

Training itself (torch, transformers, peft) only ever runs in a worker process
started by `runner.TrainingRun`; the app process imports nothing heavy from here
except through that process, so the `[finetune]` extra stays optional.
"""
