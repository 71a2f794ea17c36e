"""opsreview: monthly operations review from CSV exports."""
