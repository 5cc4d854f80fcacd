"""Names the plugin and the theme's templates share."""

ORGANISATION_KEY = "honours_organisation"  # config.extra: the centre's public record (Organisation)
