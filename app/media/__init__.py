"""Media a user attaches to messages (images now)."""
