"""The Fine-tune mode: LoRA training on the user's own material, over app.finetune."""
