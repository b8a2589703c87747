"""Reports about this machine and this install (`quillmate doctor`): a face beside the CLI."""
