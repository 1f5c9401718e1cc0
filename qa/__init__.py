"""QA of submissions: rule checks on extracted documents, and a visual review report."""
