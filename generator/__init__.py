"""光荣榜 Honour Board: records of award campaigns to a static site.

The core (everything here but `plugin`) never imports MkDocs.
"""
