"""The PyContainer quickstart package."""
