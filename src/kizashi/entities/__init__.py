"""Stage package: entities."""
