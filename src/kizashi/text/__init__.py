"""Stage package: text."""
