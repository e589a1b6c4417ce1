"""What the files mean: the models people write, loading them with their lines, the
Repository read once, every state question, the product kinds, the public edition and
CPR numbers. No output format lives here, and nothing here knows a command."""
