"""Stage package: events."""
