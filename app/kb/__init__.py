"""The knowledge base: collections of documents, extracted, chunked, embedded, searched."""
