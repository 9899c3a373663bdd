"""A package published as an sdist only."""
