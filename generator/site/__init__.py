"""The public site: views of the records, one module per page kind, rendering, publishing, screens."""
