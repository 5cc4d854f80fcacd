"""Word and Excel, out and back in: the forms and sheets of a campaign (docs/office.md)."""

# The folder of the project cache (`.cache/`) that keeps the 附件 of campaign pages: named here,
# so that `honours cache` can say what it is without importing python-docx.
ATTACHMENTS_FOLDER = "attachments"
# Where a centre's own form templates are looked up, inside its theme folders (office/*.docx):
# named here so that the MkDocs plugin need not import python-docx and openpyxl to know it.
TEMPLATE_FOLDER = "office"
