"""The version of dialogmøder: one place, read by `dialog --version`, the schemas' ids,
the generated CI files and the site's build hash."""

__version__ = "0.1.0"
