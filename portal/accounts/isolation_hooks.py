"""Wagtail hooks that keep one institution's staff out of another's content.

Imported by wagtail_hooks.py; kept apart so the isolation rules read as one list.
"""
