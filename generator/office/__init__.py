"""Word and Excel, out and back in: the forms and sheets of a campaign (docs/office.md)."""

# The folder of the project cache (`.cache/`) that keeps the 附件 of campaign pages: named here,
# so that `honours cache` can say what it is without importing python-docx.
ATTACHMENTS_FOLDER = "attachments"
