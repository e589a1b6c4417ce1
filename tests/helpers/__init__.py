"""What the tests share: builders of small dialog repositories and their files, and the
helpers that run dialog and read what it writes. Test files import these, never each other."""
