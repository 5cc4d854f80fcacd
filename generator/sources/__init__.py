"""Reading what staff write: strict YAML, CSV as Excel writes it, typed fields, problems with positions, text counting, Chinese dates, atomic writes."""
