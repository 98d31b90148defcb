"""Engines: every backend behind one small protocol (see base.py)."""
