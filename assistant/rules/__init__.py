"""Municipal rules: which gemeente a question is about, in-force filters, comparisons, official sync."""
