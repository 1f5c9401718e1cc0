"""Builders of the sample documents, one module per seed layout."""
