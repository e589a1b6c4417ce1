"""What touches the world outside the meetings' meaning: git, writes that never lose a
person's text, whole folders swapped in at once, the Jinja environment, and text made
safe for a terminal. Nothing here knows what a meeting is."""
