"""Stage package: desk."""
