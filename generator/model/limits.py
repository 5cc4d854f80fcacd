"""How long what staff write may be: every limit of the content model, in one place.

Each is a number of characters (a Chinese character, a letter and a digit count one each)
after the spaces around the value are trimmed; longer is an error naming the field. The
table in docs/content.md (限制 Limits) lists the same numbers.
"""

from __future__ import annotations

NAME = 50  # names of people, windows, branches, units, categories, contacts, channels
TITLE = 100  # titles and subtitles of campaigns, nominations, boards and sections; honours
POSITION = 100  # position and leader_position (职务)
CITATION = 300  # a board's citations and section captions
