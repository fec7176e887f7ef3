"""Screening: stored entities against the sanctions and control lists the user imports.

``lists.py`` reads list files (FollowTheMoney JSON lines, CSV) into ``ListEntry`` records;
``names.py`` makes the comparison keys of a name in any script; ``index.py`` blocks candidates;
``match.py`` scores a candidate and explains it; ``run.py`` imports lists and screens a store.
"""
