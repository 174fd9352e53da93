"""The review app (`cleaner review`): see app.py."""
