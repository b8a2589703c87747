"""Qt-free finetune services."""
