"""Linking: event mentions of different articles grouped into stories.

``mentions`` (what is compared), ``evidence`` (how alike two mentions are, and why) and
``cluster`` (blocking, clustering, incremental attach).
"""
