"""REFI-QDA exchange (.qdpx projects, .qdc codebooks) with NVivo, ATLAS.ti, MAXQDA, QualCoder and
others: safety.py (opening untrusted files), reader.py + offsets.py (lenient reading), importer.py
(into the store), export.py (deterministic writing), qdc.py (a codebook for a deductive run)."""
