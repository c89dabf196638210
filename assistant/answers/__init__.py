"""Question -> evidence -> answer: reading the question, retrieval, relevance, composing, citations."""
