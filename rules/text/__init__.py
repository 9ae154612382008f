"""Text helpers shared by the document model and the rules: scripts, dates, numbers, URLs."""
