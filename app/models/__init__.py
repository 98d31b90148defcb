"""Models: GGUF metadata and validation, the catalog, downloads, the local library."""
