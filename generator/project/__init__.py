"""A centre's project: its `mkdocs.yml` read the way the build reads it, the theme the package
ships, and `honours init`, which writes a new centre."""
