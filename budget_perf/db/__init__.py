"""Loading converted documents into SQLite or PostgreSQL."""
