"""Names the plugin and the theme's templates share."""

ORGANISATION_KEY = "honours_organisation"  # config.extra: the centre's public record (Organisation)
# The package's stylesheets, on every page: the look, 长者模式 (large type), print.
PUBLIC_STYLESHEETS = (
    "assets/stylesheets/honours.css",
    "assets/stylesheets/elder.css",
    "assets/stylesheets/print.css",
)
