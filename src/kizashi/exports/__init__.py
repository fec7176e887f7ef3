"""Stage package: exports."""
